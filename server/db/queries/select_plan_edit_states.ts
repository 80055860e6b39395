import type { Queryable } from '../db.ts';
import type { LoggedEdit } from '../../domain/plans/undo_redo_state.ts';

/** Each logged edit's sequence number and whether it is undone: what undo and redo decide on. */
export async function selectPlanEditStates(db: Queryable, planId: number): Promise<LoggedEdit[]> {
  return db.query<LoggedEdit>(`select seq, undone from plan_edit where plan_id = $1::int order by seq`, [planId]);
}
