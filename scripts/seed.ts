/**
 * npm run seed -- [--seed S] [--out DIR]
 *
 * Writes the demo town as GeoJSON files (areas, households, facilities) and its list of
 * deliberate defects, for looking at in QGIS or importing elsewhere. The server makes the same
 * town by itself on first start; these files are not needed for that.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_SEED, generateDemoTown } from '../server/demo_town/generate_demo_town.ts';

const { values } = parseArgs({ options: { seed: { type: 'string', default: DEMO_SEED }, out: { type: 'string', default: 'data/demo' } } });
const town = generateDemoTown(values.seed);
mkdirSync(values.out!, { recursive: true });
for (const [name, data] of Object.entries(town)) {
  const file = path.join(values.out!, `${name}.${name === 'defects' ? 'json' : 'geojson'}`);
  writeFileSync(file, JSON.stringify(data));
  console.log(`wrote ${file}`);
}
