import type { Queryable } from '../db.ts';
import type { SharedBorder } from '../../domain/plans/connected_by_borders.ts';

/**
 * The length of border each pair of these draft cells shares, in metres: the 1-dimensional part
 * of where their boundaries meet (cells touching only at a corner share 0 m).
 */
export async function selectPlanSharedBorders(db: Queryable, planId: number, codes: string[]): Promise<SharedBorder[]> {
  return db.query<SharedBorder>(
    `select a.code as a, b.code as b,
            st_length(st_collectionextract(st_intersection(st_boundary(a.geom), st_boundary(b.geom), 1e-9), 2)::geography) as border_m
       from plan_area a
       join plan_area b on b.plan_id = a.plan_id and b.code > a.code and b.geom && a.geom and b.code = any($2::text[]) and not b.deleted
      where a.plan_id = $1::int and a.code = any($2::text[]) and not a.deleted`,
    [planId, codes],
  );
}
