import type { Queryable } from '../db.ts';
import type { MultiPolygon, Polygon } from 'geojson';

/**
 * The union of each group's units as GeoJSON (7 decimals, about 1 cm): the outline a proposed
 * grid would have. Groups are given as parallel arrays, one row per (group, unit).
 */
export async function selectUnitUnions(db: Queryable, groups: readonly string[], units: readonly string[]): Promise<Map<string, Polygon | MultiPolygon>> {
  const rows = await db.query<{ grp: string; geometry: string }>(
    `select g.grp, st_asgeojson(st_union(a.geom), 7) as geometry
       from unnest($1::text[], $2::text[]) as g(grp, unit)
       join area a on a.code = g.unit
      group by g.grp`,
    [groups, units],
  );
  return new Map(rows.map((r) => [r.grp, JSON.parse(r.geometry)]));
}
