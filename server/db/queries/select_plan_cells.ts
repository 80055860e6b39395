import type { Queryable } from '../db.ts';
import type { PlanCell } from '../../domain/plans/plan_cell.ts';

/** Every cell of a draft, without geometry: what the edit rules decide on. */
export async function selectPlanCells(db: Queryable, planId: number): Promise<PlanCell[]> {
  return db.query<PlanCell>(
    `select code, parent_code as "parentCode", level, kind, name, locked, deleted, area_id as "areaId"
       from plan_area where plan_id = $1::int order by code`,
    [planId],
  );
}
