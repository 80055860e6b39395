import type { Queryable } from '../db.ts';

/**
 * How many households and facilities lie inside each GeoJSON geometry (in input order). Points
 * on a shape's edge count as inside: they are the ones a fix there would move.
 */
export async function countPointsInShapes(db: Queryable, geometries: unknown[]): Promise<{ households: number; facilities: number }[]> {
  if (geometries.length === 0) return [];
  return db.query<{ households: number; facilities: number }>(
    `select (select count(*) from household h where h.geom && s.geom and st_intersects(h.geom, s.geom))::int as households,
            (select count(*) from facility f where f.geom && s.geom and st_intersects(f.geom, s.geom))::int as facilities
       from jsonb_array_elements($1::jsonb) with ordinality as t(g, i)
      cross join lateral (select st_setsrid(st_geomfromgeojson(t.g::text), 4326) as geom) as s
      order by t.i`,
    [JSON.stringify(geometries)],
  );
}
