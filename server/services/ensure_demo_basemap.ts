import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cutVectorTiles } from '../basemap/cut_vector_tiles.ts';
import { writePmtiles } from '../basemap/write_pmtiles.ts';
import { generateDemoBasemap } from '../demo_town/generate_demo_basemap.ts';
import { DEMO_CENTRE, generateDemoTown, type DemoTown } from '../demo_town/generate_demo_town.ts';

/** Bumped whenever the demo basemap's content changes, so a file from an older version is not reused. */
export const DEMO_BASEMAP_VERSION = 2;
export const DEMO_BASEMAP_ZOOMS = { min: 10, max: 16 } as const;

/** Where the demo basemap lives in a directory: its name carries the version. */
export const demoBasemapPath = (dir: string) => path.join(dir, `qingxi-v${DEMO_BASEMAP_VERSION}.pmtiles`);

/**
 * The demo town's basemap as a PMTiles file in `dir`, written the first time (the town from its
 * seed, its streets, river, ponds, buildings and names cut into vector tiles at zooms 10–16) and
 * reused after. Written to a temporary name and renamed, so a reader never sees half a file.
 * Returns the file's path and, when it was written now, the largest tile's size.
 */
export async function ensureDemoBasemap(dir: string, town?: DemoTown): Promise<{ file: string; written: boolean; tiles?: number; largestTile?: number; bytes?: number }> {
  const file = demoBasemapPath(dir);
  if (existsSync(file)) return { file, written: false };
  const { layers, bounds } = generateDemoBasemap(town ?? generateDemoTown());
  const tiles = cutVectorTiles(layers, bounds, DEMO_BASEMAP_ZOOMS.min, DEMO_BASEMAP_ZOOMS.max);
  const archive = writePmtiles(tiles, {
    tileCompression: 2,
    tileType: 1,
    bounds,
    center: [DEMO_CENTRE[0], DEMO_CENTRE[1], 13],
    metadata: {
      name: '青溪镇 (demo)',
      attribution: 'Gridwork demo town',
      vector_layers: layers.map((l) => ({ id: l.name, minzoom: l.minzoom, maxzoom: DEMO_BASEMAP_ZOOMS.max, fields: {} })),
    },
  });
  await mkdir(dir, { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, archive);
  await rename(partial, file);
  return { file, written: true, tiles: tiles.length, largestTile: Math.max(...tiles.map((t) => t.data.length)), bytes: archive.length };
}
