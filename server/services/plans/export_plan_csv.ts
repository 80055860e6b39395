import type { Db } from '../../db/db.ts';
import type { PlanRecord } from '../../db/queries/plan_row.ts';
import { csvLine } from '../../domain/csv_cell.ts';
import { selectPlanAssignments } from '../../db/queries/select_plan_assignments.ts';

/** The draft's assignment table as CSV: unit_code,unit_name,grid_code,grid_name (the import reads it back). */
export async function exportPlanCsv(db: Db, plan: PlanRecord): Promise<string> {
  const rows = await selectPlanAssignments(db, plan.id, plan.root);
  return ['unit_code,unit_name,grid_code,grid_name', ...rows.map((r) => csvLine([r.unit_code, r.unit_name, r.grid_code, r.grid_name]))].join('\r\n') + '\r\n';
}
