import { createHash } from 'node:crypto';

/**
 * A stable hash of what a report says, so that a retry with the same idempotency key can be told
 * from a different report reusing the key: keys sorted, absent and null alike, coordinates to
 * 1e-7°. The id itself is left out.
 *
 * @example
 * eventFingerprint({ category: 'dispute', lon: 120.1, lat: 29.3 }) === eventFingerprint({ lat: 29.3, lon: 120.1, category: 'dispute', reporter: null }) // true
 */
export function eventFingerprint(report: Record<string, unknown>): string {
  const canonical: Record<string, unknown> = {};
  for (const key of Object.keys(report).sort()) {
    const v = report[key];
    if (key === 'id' || v === undefined || v === null) continue;
    canonical[key] = typeof v === 'number' && (key === 'lon' || key === 'lat') ? Math.round(v * 1e7) / 1e7 : v;
  }
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
