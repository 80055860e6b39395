import type { PolygonsCoords } from './count_unmatched_edges.ts';

/**
 * Reads a (Multi)Polygon from ISO WKB (what ST_AsBinary gives) starting at byte `start` into
 * GeoJSON MultiPolygon coordinates, every double exactly as stored: faster than parsing the same
 * geometry as GeoJSON text, and with no rounding, so that the edge screen compares vertices bit
 * for bit. Returns where the geometry ends, for WKB values laid end to end. Any other type, or
 * Z/M coordinates, is refused: the area table holds 2D MultiPolygons.
 *
 * @example
 * readWkbPolygons(Buffer.from('0106000000…', 'hex')).coordinates // [[[[x, y], …]]]
 */
export function readWkbPolygons(bytes: Uint8Array, start = 0): { coordinates: PolygonsCoords; end: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = start;
  let little = true;
  const header = () => {
    little = view.getUint8(at) === 1;
    const type = view.getUint32(at + 1, little);
    at += 5;
    return type;
  };
  const u32 = () => {
    const v = view.getUint32(at, little);
    at += 4;
    return v;
  };
  const polygon = () => {
    const rings: number[][][] = [];
    for (let r = u32(); r > 0; r--) {
      const ring: number[][] = [];
      for (let n = u32(); n > 0; n--) {
        ring.push([view.getFloat64(at, little), view.getFloat64(at + 8, little)]);
        at += 16;
      }
      rings.push(ring);
    }
    return rings;
  };
  const type = header();
  if (type === 3) return { coordinates: [polygon()], end: at };
  if (type !== 6) throw new Error(`readWkbPolygons: WKB type ${type} is not a 2D Polygon or MultiPolygon`);
  const polygons: PolygonsCoords = [];
  for (let p = u32(); p > 0; p--) {
    if (header() !== 3) throw new Error('readWkbPolygons: a MultiPolygon member is not a 2D Polygon');
    polygons.push(polygon());
  }
  return { coordinates: polygons, end: at };
}
