import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The shared real geodata (../shared/data by default; GRIDWORK_REAL_DATA to move it). */
export const realDataDir = path.resolve(process.env.GRIDWORK_REAL_DATA ?? path.join(import.meta.dirname, '../../../shared/data'));

/** Why the real-data tests cannot run here, or null when they can. Printed when they skip. */
export function realDataMissing(...files: string[]): string | null {
  const missing = files.filter((f) => !existsSync(path.join(realDataDir, f)));
  if (missing.length === 0) return null;
  const reason = `real data not found at ${realDataDir} (${missing.join(', ')}): set GRIDWORK_REAL_DATA to the shared data folder`;
  console.warn(`skipping: ${reason}`);
  return reason;
}

export function readRealJson<T = any>(file: string): T {
  return JSON.parse(readFileSync(path.join(realDataDir, file), 'utf8'));
}
