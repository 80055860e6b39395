import type { Queryable } from '../db.ts';

export interface PlanStaffMove {
  staff_id: string;
  name: string;
  role: string;
  from: string;
  /** The cell taking over (merge survivor, paint target); null when the cell just goes. */
  to: string | null;
}

/** Staff assigned to published cells the draft removes, and where their assignment would go. */
export async function selectPlanStaffMoves(db: Queryable, planId: number): Promise<PlanStaffMove[]> {
  return db.query<PlanStaffMove>(
    `select sa.staff_id, s.name, sa.role, pa.code as "from", pa.successor as "to"
       from plan_area pa
       join staff_assignment sa on sa.area_id = pa.area_id
       join staff s on s.region = sa.region and s.id = sa.staff_id
      where pa.plan_id = $1::int and pa.deleted
      order by pa.code, sa.role, sa.staff_id`,
    [planId],
  );
}
