import type { Queryable } from '../db.ts';
import type { PlanRow } from './plan_row.ts';

/** One logged state of a touched cell: its row, or null where it did not exist. */
export interface LoggedRow {
  code: string;
  row: PlanRow | null;
}

/**
 * Appends an edit to a draft's log, first dropping the undone edits after it (a new edit ends
 * the redo branch, as in any editor). Returns its sequence number.
 */
export async function insertPlanEdit(
  db: Queryable,
  planId: number,
  e: { op: unknown; touched: string[]; before: LoggedRow[]; after: LoggedRow[]; actor: string },
): Promise<number> {
  await db.query(`delete from plan_edit where plan_id = $1::int and undone`, [planId]);
  const [row] = await db.query<{ seq: number }>(
    `insert into plan_edit (plan_id, seq, op, touched, before, after, actor)
     select $1::int, coalesce(max(seq), 0) + 1, $2::jsonb, $3::text[], $4::jsonb, $5::jsonb, $6::text from plan_edit where plan_id = $1::int
     returning seq`,
    [planId, JSON.stringify(e.op), e.touched, JSON.stringify(e.before), JSON.stringify(e.after), e.actor],
  );
  return row.seq;
}
