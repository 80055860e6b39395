import type { Queryable } from '../db.ts';
import { PLAN_COLUMNS, type PlanRecord } from './plan_row.ts';

/** One plan by id; `forUpdate` locks its row until the transaction ends (edits, publish). */
export async function selectPlan(db: Queryable, id: number, forUpdate = false): Promise<PlanRecord | null> {
  const rows = await db.query<PlanRecord>(`select ${PLAN_COLUMNS} from plan p where p.id = $1::int${forUpdate ? ' for update' : ''}`, [id]);
  return rows[0] ?? null;
}
