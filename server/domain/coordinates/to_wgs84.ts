import gcoord from 'gcoord';
import type { SourceCrs } from './parse_crs.ts';

/**
 * Converts a point from the caller's coordinate system to WGS84, what the service stores. GCJ-02
 * and BD-09 are obfuscated systems used by Chinese map services; gcoord undoes them (to about a
 * metre) inside China and leaves points outside China as they are, as the services themselves do.
 *
 * @example toWgs84(120.09004, 29.30172, 'gcj02') // about [120.0853, 29.3042]
 */
export function toWgs84(lon: number, lat: number, crs: SourceCrs): [number, number] {
  if (crs === 'wgs84') return [lon, lat];
  const [x, y] = gcoord.transform([lon, lat], crs === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09, gcoord.WGS84) as [number, number];
  return [x, y];
}
