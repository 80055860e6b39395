import type { Queryable } from '../db.ts';

export interface PlanAssignmentRow {
  unit_code: string;
  unit_name: string;
  grid_code: string;
  grid_name: string;
}

/** The draft's assignment table: every live cell without children under a parent below the root (unit → grid). */
export async function selectPlanAssignments(db: Queryable, planId: number, root: string): Promise<PlanAssignmentRow[]> {
  return db.query<PlanAssignmentRow>(
    `select u.code as unit_code, u.name as unit_name, g.code as grid_code, g.name as grid_name
       from plan_area u
       join plan_area g on g.plan_id = u.plan_id and g.code = u.parent_code and not g.deleted
      where u.plan_id = $1::int and not u.deleted and u.code <> $2::text and g.code <> $2::text
        and not exists (select 1 from plan_area k where k.plan_id = u.plan_id and k.parent_code = u.code and not k.deleted)
      order by g.code, u.code`,
    [planId, root],
  );
}
