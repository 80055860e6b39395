import type { Geometry, Position } from 'geojson';

/**
 * A GeoJSON geometry from Well-Known Binary (ISO and extended-WKB type codes, with Z/M ordinates
 * dropped): what a GeoPackage stores after its own header. Throws on a type it does not know.
 */
export function readWkb(bytes: Uint8Array): Geometry {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const geometry = (): Geometry => {
    const little = view.getUint8(at) === 1;
    at += 1;
    let type = view.getUint32(at, little);
    at += 4;
    // Extended WKB (PostGIS, GDAL): high bits flag Z, M, SRID; ISO: thousands add Z (1000), M (2000), ZM (3000).
    let dims = 2;
    if (type & 0x20000000) {
      at += 4; // an SRID
    }
    if (type & 0x80000000) dims++;
    if (type & 0x40000000) dims++;
    type &= 0x0fffffff;
    if (type >= 1000) {
      dims += type >= 3000 ? 2 : 1;
      type %= 1000;
    }
    const u32 = () => {
      const v = view.getUint32(at, little);
      at += 4;
      return v;
    };
    const point = (): Position => {
      const p = [view.getFloat64(at, little), view.getFloat64(at + 8, little)];
      at += 8 * dims;
      return p;
    };
    const points = () => Array.from({ length: u32() }, point);
    const rings = () => Array.from({ length: u32() }, points);
    const parts = <T extends Geometry>() => Array.from({ length: u32() }, () => geometry() as T);
    switch (type) {
      case 1:
        return { type: 'Point', coordinates: point() };
      case 2:
        return { type: 'LineString', coordinates: points() };
      case 3:
        return { type: 'Polygon', coordinates: rings() };
      case 4:
        return { type: 'MultiPoint', coordinates: parts<{ type: 'Point'; coordinates: Position }>().map((p) => p.coordinates) };
      case 5:
        return { type: 'MultiLineString', coordinates: parts<{ type: 'LineString'; coordinates: Position[] }>().map((p) => p.coordinates) };
      case 6:
        return { type: 'MultiPolygon', coordinates: parts<{ type: 'Polygon'; coordinates: Position[][] }>().map((p) => p.coordinates) };
      case 7:
        return { type: 'GeometryCollection', geometries: parts() };
      default:
        throw new Error(`WKB geometry type ${type} is not one this service reads (curves, surfaces)`);
    }
  };
  return geometry();
}
