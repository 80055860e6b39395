import type { Queryable } from '../db.ts';
import type { PlanRow } from './plan_row.ts';

/** The stored rows of these cells (geometry as hex EWKB), for the edit log. Absent codes are left out. */
export async function selectPlanRows(db: Queryable, planId: number, codes: string[]): Promise<PlanRow[]> {
  if (codes.length === 0) return [];
  return db.query<PlanRow>(
    `select code, area_id, parent_code, level, kind, name, attrs, encode(st_asewkb(geom), 'hex') as geom, locked, deleted, successor
       from plan_area where plan_id = $1::int and code = any($2::text[])`,
    [planId, codes],
  );
}
