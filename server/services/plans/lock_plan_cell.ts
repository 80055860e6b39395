import { updatePlanArea } from '../../db/queries/update_plan_area.ts';
import type { PlanEditContext } from './plan_edit_context.ts';

export interface LockOp {
  op: 'lock' | 'unlock';
  code: string;
}

/** Locks a cell against every edit that would change it, or unlocks it. Undoable like any edit. */
export async function lockPlanCell(ctx: PlanEditContext, op: LockOp): Promise<void> {
  const cell = ctx.cell(op.code, 'code');
  await ctx.touch([cell.code]);
  await updatePlanArea(ctx.tx, ctx.planId, cell.code, { locked: op.op === 'lock' });
}
