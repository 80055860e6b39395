import type { TilePoint } from './encode_mvt.ts';

/**
 * The polygons of a GeoJSON geometry already in tile coordinates (as the JS tiler's SQL returns
 * it: transformed, clipped, quantised): Polygon, MultiPolygon, or the GeometryCollection that
 * clipping can leave; lines and points in a collection are dropped.
 * Example: tilePolygons({ type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 0]]] }) → [[[[0, 0], [10, 0], [10, 10], [0, 0]]]].
 */
export function tilePolygons(geometry: GeoJSON.Geometry | null): TilePoint[][][] {
  if (!geometry) return [];
  switch (geometry.type) {
    case 'Polygon':
      return [geometry.coordinates as TilePoint[][]];
    case 'MultiPolygon':
      return geometry.coordinates as TilePoint[][][];
    case 'GeometryCollection':
      return geometry.geometries.flatMap(tilePolygons);
    default:
      return [];
  }
}
