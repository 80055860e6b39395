import { ValidationError } from '../../errors.ts';
import type { PlanEditContext } from './plan_edit_context.ts';

export interface DeleteOp {
  op: 'delete';
  code: string;
}

/** Removes a cell without children from the draft; its parent's outline follows when it is the union of its children. */
export async function deletePlanCell(ctx: PlanEditContext, op: DeleteOp): Promise<void> {
  const cell = ctx.cell(op.code, 'code');
  if (cell.code === ctx.plan.root) throw new ValidationError(`${cell.code} is the plan's root: discard the plan instead.`, [{ field: 'code', code: cell.code, problem: "the plan's root cannot be deleted" }]);
  if (ctx.tree.children.has(cell.code)) {
    throw new ValidationError(`${cell.code} has cells under it: paint them into another cell or merge it first.`, [{ field: 'code', code: cell.code, problem: 'has children' }]);
  }
  ctx.refuseLocked([cell.code]);
  await ctx.remove([cell.code], null);
  await ctx.redrawParents([], cell.parentCode ? [cell.parentCode] : []);
}
