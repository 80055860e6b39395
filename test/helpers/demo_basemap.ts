import os from 'node:os';
import path from 'node:path';
import { ensureDemoBasemap } from '../../server/services/ensure_demo_basemap.ts';

/**
 * The demo town's basemap file for tests, made once per machine in the temporary folder (its
 * name carries the generator's version) and reused by later runs, as `npm start` reuses its own.
 */
export async function demoBasemapFile(): Promise<string> {
  return (await ensureDemoBasemap(path.join(os.tmpdir(), 'gridwork-test-basemap'))).file;
}
