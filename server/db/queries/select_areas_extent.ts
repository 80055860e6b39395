import type { Queryable } from '../db.ts';

export type Bbox = [number, number, number, number];

/** The box around the stored areas with these codes, [west, south, east, north]; null when none exist. */
export async function selectAreasExtent(db: Queryable, codes: string[]): Promise<Bbox | null> {
  const [row] = await db.query<{ w: number | null; s: number; e: number; n: number }>(
    `select st_xmin(x) as w, st_ymin(x) as s, st_xmax(x) as e, st_ymax(x) as n
       from (select st_extent(geom)::geometry as x from area where code = any($1::text[])) t`,
    [codes],
  );
  return row.w === null ? null : [row.w, row.s, row.e, row.n];
}
