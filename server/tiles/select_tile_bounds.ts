import type { Queryable } from '../db/db.ts';
import type { Bbox } from './tile_math.ts';

/** The box around every area, [west, south, east, north], or null when there are none. */
export async function selectTileBounds(db: Queryable): Promise<Bbox | null> {
  const [row] = await db.query<{ w: number | null; s: number; e: number; n: number }>(
    `select st_xmin(b) as w, st_ymin(b) as s, st_xmax(b) as e, st_ymax(b) as n
       from (select st_extent(geom)::box2d as b from area) x`,
  );
  return row && row.w !== null ? [row.w, row.s, row.e, row.n] : null;
}
