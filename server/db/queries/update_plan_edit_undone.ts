import type { Queryable } from '../db.ts';

/** Marks a logged edit undone (undo) or live again (redo). */
export async function updatePlanEditUndone(db: Queryable, planId: number, seq: number, undone: boolean): Promise<void> {
  await db.query(`update plan_edit set undone = $3::boolean where plan_id = $1::int and seq = $2::int`, [planId, seq, undone]);
}
