/** The coordinate systems a caller may name for imported points. */
export type SourceCrs = 'wgs84' | 'gcj02' | 'bd09';

const NAMES: Record<string, SourceCrs> = {
  wgs84: 'wgs84',
  'epsg:4326': 'wgs84',
  // CGCS2000 (EPSG:4490) and WGS84 differ by centimetres: far below a geocode's error.
  cgcs2000: 'wgs84',
  'epsg:4490': 'wgs84',
  gcj02: 'gcj02', // 火星坐标: Amap, Tencent, WeChat
  amap: 'gcj02',
  bd09: 'bd09', // Baidu
  baidu: 'bd09',
};

export const CRS_NAMES = Object.keys(NAMES);

/**
 * The coordinate system a name means, case-insensitively, or null for a name it does not know.
 *
 * @example parseCrs('GCJ02') // 'gcj02'; parseCrs('CGCS2000') // 'wgs84'; parseCrs('utm') // null
 */
export function parseCrs(name: string | undefined): SourceCrs | null {
  if (name === undefined || name === '') return 'wgs84';
  return NAMES[name.trim().toLowerCase()] ?? null;
}
