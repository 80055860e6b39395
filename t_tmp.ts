import { ensureDemoBasemap } from './server/services/ensure_demo_basemap.ts';
import { generateDemoTown } from './server/demo_town/generate_demo_town.ts';
const t0 = performance.now(); const town = generateDemoTown(); const t1 = performance.now();
const r = await ensureDemoBasemap('/tmp/map-basemap', town);
console.log('town', t1 - t0, 'basemap', performance.now() - t1, r);
