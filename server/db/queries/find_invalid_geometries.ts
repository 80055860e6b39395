import type { Queryable } from '../db.ts';

export interface InvalidGeometry {
  index: number;
  reason: string;
  lon: number | null;
  lat: number | null;
}

/** PostGIS's verdict on each GeoJSON geometry: the invalid ones, with reason and location. */
export async function findInvalidGeometries(db: Queryable, geometries: unknown[]): Promise<InvalidGeometry[]> {
  return db.query<InvalidGeometry>(
    `select (t.i - 1)::int as index, d.reason, st_x(d.location) as lon, st_y(d.location) as lat
       from jsonb_array_elements($1::jsonb) with ordinality as t(g, i)
       cross join lateral st_isvaliddetail(st_geomfromgeojson(t.g::text)) as d
      where not d.valid
      order by t.i`,
    [JSON.stringify(geometries)],
  );
}
