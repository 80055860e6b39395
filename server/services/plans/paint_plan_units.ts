import { ValidationError } from '../../errors.ts';
import { updatePlanAreaParents } from '../../db/queries/update_plan_area_parents.ts';
import { paintProblems } from '../../domain/plans/paint_problems.ts';
import type { PlanEditContext } from './plan_edit_context.ts';

export interface PaintOp {
  op: 'paint';
  unit_codes: string[];
  to: string;
}

/**
 * Paints units into another cell (a grid): they change parent, and both grids' outlines follow
 * their units. A grid left with no units goes, its staff to the grid painted into.
 */
export async function paintPlanUnits(ctx: PlanEditContext, op: PaintOp): Promise<void> {
  const problems = paintProblems(ctx.tree, op.unit_codes, op.to);
  if (problems.length) throw new ValidationError(`Cannot paint into ${op.to}: ${problems[0].problem}.`, problems);
  const moving = op.unit_codes.filter((c) => ctx.tree.byCode.get(c)!.parentCode !== op.to);
  const sources = [...new Set(moving.map((c) => ctx.tree.byCode.get(c)!.parentCode!))];
  ctx.refuseLocked([...moving, op.to, ...sources]);
  await ctx.touch(moving);
  await updatePlanAreaParents(ctx.tx, ctx.planId, moving, op.to);
  const emptied = await ctx.redrawParents(moving, sources);
  await ctx.remove(emptied, op.to);
}
