/**
 * OGC API – Features `bbox`: four numbers (minx,miny,maxx,maxy) or six (minx,miny,minz,maxx,maxy,maxz:
 * heights are ignored, the features being flat), in the axis order of `bbox-crs`: CRS84 is
 * longitude, latitude; EPSG:4326 and EPSG:4490 (CGCS2000) are latitude, longitude. Returned as
 * [west, south, east, north] in degrees, or a problem.
 *
 *   parseBbox('120,30,121,31')                                           // → [120, 30, 121, 31]
 *   parseBbox('30,120,31,121', 'http://www.opengis.net/def/crs/EPSG/0/4490') // → [120, 30, 121, 31]
 */
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const EPSG_4326 = 'http://www.opengis.net/def/crs/EPSG/0/4326';
export const EPSG_4490 = 'http://www.opengis.net/def/crs/EPSG/0/4490';
export const BBOX_CRSS = [CRS84, EPSG_4326, EPSG_4490] as const;

export function parseBbox(text: string, crs: string = CRS84): [number, number, number, number] | { problem: string } {
  if (!(BBOX_CRSS as readonly string[]).includes(crs)) return { problem: `bbox-crs must be one of ${BBOX_CRSS.join(', ')}` };
  const n = text.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
  if ((n.length !== 4 && n.length !== 6) || !n.every(Number.isFinite)) return { problem: 'expected four numbers (minx,miny,maxx,maxy) or six (with heights)' };
  const [x1, y1, x2, y2] = n.length === 4 ? n : [n[0], n[1], n[3], n[4]];
  const latFirst = crs !== CRS84;
  const [w, s, e, no] = latFirst ? [y1, x1, y2, x2] : [x1, y1, x2, y2];
  if (!(w >= -180 && e <= 180 && s >= -90 && no <= 90 && s <= no)) return { problem: `out of range: expected ${latFirst ? 'latitude,longitude' : 'longitude,latitude'} order, south <= north` };
  // West greater than east crosses the antimeridian: no area of a Chinese town does; refused plainly.
  if (w > e) return { problem: 'west is east of east: a box across the antimeridian is not supported' };
  return [w, s, e, no];
}
