import type { Db, Queryable } from '../../db/db.ts';
import { ConflictError, ValidationError } from '../../errors.ts';
import { clipPlanCellsToRoot } from '../../db/queries/clip_plan_cells_to_root.ts';
import type { PlanRecord } from '../../db/queries/plan_row.ts';
import { selectPlan } from '../../db/queries/select_plan.ts';
import { selectPlanRows } from '../../db/queries/select_plan_rows.ts';
import { insertPlanEdit } from '../../db/queries/insert_plan_edit.ts';
import { updatePlanRev } from '../../db/queries/update_plan_rev.ts';
import { PlanEditContext } from './plan_edit_context.ts';
import { loadDraftForEdit } from './load_draft_for_edit.ts';
import { reshapePlanCell, type ReshapeOp } from './reshape_plan_cell.ts';
import { splitPlanCell, type SplitOp } from './split_plan_cell.ts';
import { mergePlanCells, type MergeOp } from './merge_plan_cells.ts';
import { createPlanCell, type CreateOp } from './create_plan_cell.ts';
import { paintPlanUnits, type PaintOp } from './paint_plan_units.ts';
import { deletePlanCell, type DeleteOp } from './delete_plan_cell.ts';
import { lockPlanCell, type LockOp } from './lock_plan_cell.ts';
import { renamePlanCell, type RenameOp } from './rename_plan_cell.ts';
import { assignPlanUnits, type AssignOp } from './assign_plan_units.ts';
import { checkPlan, type PlanCheck } from './check_plan.ts';
import { planView, type PlanView } from './plan_view.ts';

export type PlanEditOp = ReshapeOp | SplitOp | MergeOp | CreateOp | PaintOp | DeleteOp | LockOp | RenameOp | AssignOp;

export interface PlanEditResult {
  plan: PlanView;
  touched: string[];
  check: PlanCheck;
}

/**
 * Applies one edit to a draft at revision `rev` (the client's If-Match) in one transaction: the
 * operation writes the draft's cells, every touched cell's row before and after goes into the
 * log (for exact undo and redo), and the revision moves on. Then the live check of the touched
 * cells runs on the committed draft.
 */
export async function applyPlanEdit(db: Db, planId: number, rev: number, actor: string, op: PlanEditOp): Promise<PlanEditResult> {
  const touched = await db.transaction(async (tx) => {
    const plan = await loadDraftForEdit(tx, planId, rev);
    return applyPlanEditIn(tx, plan, actor, op);
  });
  return editResult(db, planId, touched);
}

/** applyPlanEdit inside the caller's transaction, on a plan it has locked. Returns the touched codes. */
export async function applyPlanEditIn(tx: Queryable, plan: PlanRecord, actor: string, op: PlanEditOp): Promise<string[]> {
  const ctx = await PlanEditContext.open(tx, plan);
  await run(ctx, op);
  const codes = [...ctx.before.keys()].sort();
  // A draft re-arranges its root's subtree and nothing beside it: what an edit drew outside the
  // root's published outline is cut off, and a cell with nothing left inside is refused.
  const empty = (await clipPlanCellsToRoot(tx, plan.id, plan.root, codes)).filter((c) => c.left_m2 < 1);
  if (empty.length) {
    throw new ValidationError(`The outline of ${empty.map((c) => c.code).join(', ')} lies outside ${plan.root}, the root of plan ${plan.id}: a draft's cells are drawn inside its root. Draw it within ${plan.root}.`,
      empty.map((c) => ({ field: 'geometry', code: c.code, problem: `outside the plan's root ${plan.root}` })));
  }
  const after = new Map((await selectPlanRows(tx, plan.id, codes)).map((r) => [r.code, r]));
  await insertPlanEdit(tx, plan.id, {
    op,
    touched: codes,
    before: codes.map((code) => ({ code, row: ctx.before.get(code) ?? null })),
    after: codes.map((code) => ({ code, row: after.get(code) ?? null })),
    actor,
  });
  const rev = await updatePlanRev(tx, plan.id, plan.rev, codes);
  if (rev === null) throw new ConflictError(`Plan ${plan.id} moved on while this edit ran: reload it and edit again.`);
  return codes;
}

/** The answer every edit, undo and redo gives: the plan, what was touched and its live check. */
export async function editResult(db: Db, planId: number, touched: string[]): Promise<PlanEditResult> {
  const plan = (await selectPlan(db, planId))!;
  return { plan: await planView(db, plan), touched, check: await checkPlan(db, planId, touched) };
}

async function run(ctx: PlanEditContext, op: PlanEditOp): Promise<void> {
  switch (op.op) {
    case 'reshape':
      return reshapePlanCell(ctx, op);
    case 'split':
      await splitPlanCell(ctx, op);
      return;
    case 'merge':
      return mergePlanCells(ctx, op);
    case 'create':
      await createPlanCell(ctx, op);
      return;
    case 'paint':
      return paintPlanUnits(ctx, op);
    case 'delete':
      return deletePlanCell(ctx, op);
    case 'lock':
    case 'unlock':
      return lockPlanCell(ctx, op);
    case 'rename':
      return renamePlanCell(ctx, op);
    case 'assign':
      return assignPlanUnits(ctx, op);
  }
}
