import type { Queryable } from '../db.ts';

export interface InvalidAreaRow {
  id: number;
  reason: string;
  lon: number | null;
  lat: number | null;
}

/** Among these areas, the ones PostGIS calls invalid, with its reason and where (ST_IsValidDetail). */
export async function findInvalidAreas(db: Queryable, ids: number[]): Promise<InvalidAreaRow[]> {
  if (ids.length === 0) return [];
  return db.query<InvalidAreaRow>(
    `select a.id, d.reason, st_x(d.location) as lon, st_y(d.location) as lat
       from area a cross join lateral st_isvaliddetail(a.geom) as d
      where a.id = any($1::int[]) and not d.valid`,
    [ids],
  );
}
