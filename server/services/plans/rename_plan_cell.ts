import { updatePlanArea } from '../../db/queries/update_plan_area.ts';
import type { PlanEditContext } from './plan_edit_context.ts';

export interface RenameOp {
  op: 'rename';
  code: string;
  name: string;
}

/** Renames a cell (its code stays: points, staff and history follow codes). Undoable like any edit; a locked cell refuses. */
export async function renamePlanCell(ctx: PlanEditContext, op: RenameOp): Promise<void> {
  const cell = ctx.cell(op.code, 'code');
  ctx.refuseLocked([cell.code]);
  await ctx.touch([cell.code]);
  await updatePlanArea(ctx.tx, ctx.planId, cell.code, { name: op.name });
}
