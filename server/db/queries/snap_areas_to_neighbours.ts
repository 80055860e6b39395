import type { Queryable } from '../db.ts';

/**
 * Snaps each area's vertices and edges onto the given neighbours' (ST_Snap) within a tolerance
 * in degrees: a corner pulled a few decimetres off a shared vertex goes back onto it, closing
 * the sliver without redrawing anything.
 */
export async function snapAreasToNeighbours(db: Queryable, codes: string[], neighbourCodes: string[], toleranceDeg: number): Promise<void> {
  await db.query(
    `update area a set geom = st_multi(st_collectionextract(st_makevalid(st_snap(a.geom,
              (select st_collect(n.geom) from area n where n.code = any($2::text[]) and n.code <> a.code),
              $3::float8)), 3)),
            updated_at = now()
      where a.code = any($1::text[])`,
    [codes, neighbourCodes, toleranceDeg],
  );
}
