import type { Queryable } from '../db.ts';

/** Sets the cell `into` to the union of its own outline and those of `codes` (a plain union: see unionPlanChildren). */
export async function mergePlanGeometries(db: Queryable, planId: number, into: string, codes: string[]): Promise<void> {
  await db.query(
    `update plan_area set geom = (
       select st_multi(st_collectionextract(st_union(geom), 3)) from plan_area
        where plan_id = $1::int and (code = $2::text or code = any($3::text[])))
      where plan_id = $1::int and code = $2::text`,
    [planId, into, codes],
  );
}
