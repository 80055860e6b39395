import type { Queryable } from '../db/db.ts';
import type { Bbox } from './tile_math.ts';

/**
 * The box around every area the caller may see, [west, south, east, north], or null when there
 * are none: `scope` (area codes) limits it to those subtrees, so a community's worker opens the
 * map on the community, not the town; null means every area.
 */
export async function selectTileBounds(db: Queryable, scope: readonly string[] | null): Promise<Bbox | null> {
  const [row] = await db.query<{ w: number | null; s: number; e: number; n: number }>(
    `select st_xmin(b) as w, st_ymin(b) as s, st_xmax(b) as e, st_ymax(b) as n
       from (select st_extent(geom)::box2d as b from area
              where $1::text[] is null or string_to_array(path, '/') && $1::text[]) x`,
    [scope],
  );
  return row && row.w !== null ? [row.w, row.s, row.e, row.n] : null;
}
