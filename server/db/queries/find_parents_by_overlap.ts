import type { Queryable } from '../db.ts';

/**
 * For each GeoJSON geometry, the code of the area at `level` that shares the most of its surface
 * (null when none touches it): how an importer finds parents for a file with no parent field.
 * Largest overlap rather than "contains a point": real boundaries drawn by different offices
 * disagree by metres along the edges.
 */
export async function findParentsByOverlap(db: Queryable, geometries: unknown[], level: string): Promise<(string | null)[]> {
  const rows = await db.query<{ code: string | null }>(
    `select (select a.code from area a
              where a.level = $2::text and st_intersects(a.geom, g.geom)
              order by st_area(st_intersection(a.geom, g.geom)) desc, a.code
              limit 1) as code
       from jsonb_array_elements($1::jsonb) with ordinality as t(j, i)
      cross join lateral (select st_makevalid(st_setsrid(st_geomfromgeojson(t.j::text), 4326)) as geom) as g
      order by t.i`,
    [JSON.stringify(geometries), level],
  );
  return rows.map((r) => r.code);
}
