import type { Queryable } from '../db.ts';

export interface MadeValidCoverageOutline {
  id: number;
  /** MultiPolygon coordinates of the area's geometry made valid (its polygonal part), 12 decimals. */
  coordinates: number[][][][];
}

/**
 * The made-valid shape of each of these areas, as the coverage overlays see it
 * (coverage_polygonal, migration 000008): the overlap screen in Node tests invalid areas on it,
 * since PostGIS's reading of a self-intersecting ring is PostGIS's to say.
 */
export async function selectMadeValidCoverageOutlines(db: Queryable, ids: number[]): Promise<MadeValidCoverageOutline[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<{ id: number; geojson: string }>(
    `select a.id, st_asgeojson(st_multi(coverage_polygonal(a.geom)), 12) as geojson
       from area a where a.id = any($1::int[])`,
    [ids],
  );
  return rows.map((r) => ({ id: r.id, coordinates: JSON.parse(r.geojson).coordinates }));
}
