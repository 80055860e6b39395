import type { Db } from '../../db/db.ts';
import { ConflictError } from '../../errors.ts';
import type { PlanRow } from '../../db/queries/plan_row.ts';
import { selectPlanEditStates } from '../../db/queries/select_plan_edit_states.ts';
import { selectPlanEdit } from '../../db/queries/select_plan_edit.ts';
import { restorePlanRows } from '../../db/queries/restore_plan_rows.ts';
import { updatePlanEditUndone } from '../../db/queries/update_plan_edit_undone.ts';
import { updatePlanRev } from '../../db/queries/update_plan_rev.ts';
import { undoRedoState } from '../../domain/plans/undo_redo_state.ts';
import { loadDraftForEdit } from './load_draft_for_edit.ts';
import { editResult, type PlanEditResult } from './apply_plan_edit.ts';

/**
 * Undoes the newest live edit (or, `redo`, puts back the oldest undone one) by writing back the
 * rows the log kept, exactly. 409 when there is nothing to undo or redo, or `rev` is stale.
 */
export async function undoPlanEdit(db: Db, planId: number, rev: number, direction: 'undo' | 'redo'): Promise<PlanEditResult> {
  const touched = await db.transaction(async (tx) => {
    await loadDraftForEdit(tx, planId, rev);
    const seq = undoRedoState(await selectPlanEditStates(tx, planId))[direction];
    if (seq === null) throw new ConflictError(`Plan ${planId} has nothing to ${direction}.`);
    const edit = (await selectPlanEdit(tx, planId, seq))!;
    const state = direction === 'undo' ? edit.before : edit.after;
    await restorePlanRows(tx, planId, state.filter((s) => s.row).map((s) => s.row as PlanRow), state.filter((s) => !s.row).map((s) => s.code));
    await updatePlanEditUndone(tx, planId, seq, direction === 'undo');
    if ((await updatePlanRev(tx, planId, rev, edit.touched)) === null) throw new ConflictError(`Plan ${planId} moved on: reload it.`);
    return edit.touched;
  });
  return editResult(db, planId, touched);
}
