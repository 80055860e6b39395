import { ValidationError } from '../../errors.ts';
import { selectPlanSharedBorders } from '../../db/queries/select_plan_shared_borders.ts';
import { mergePlanGeometries } from '../../db/queries/merge_plan_geometries.ts';
import { updatePlanAreaParents } from '../../db/queries/update_plan_area_parents.ts';
import { mergeProblems } from '../../domain/plans/merge_problems.ts';
import { cellsOffBorders } from '../../domain/plans/connected_by_borders.ts';
import type { PlanEditContext } from './plan_edit_context.ts';

export interface MergeOp {
  op: 'merge';
  codes: string[];
}

/**
 * Merges cells of one parent that share borders (corners do not count) into the first: its
 * outline becomes the union, the others' children move under it, and the others go, their staff
 * to the survivor.
 */
export async function mergePlanCells(ctx: PlanEditContext, op: MergeOp): Promise<void> {
  const problems = mergeProblems(ctx.tree, op.codes);
  if (problems.length) throw new ValidationError(`Cannot merge ${op.codes.join(', ')}: ${problems[0].problem}.`, problems);
  ctx.refuseLocked(op.codes);
  const off = cellsOffBorders(op.codes, await selectPlanSharedBorders(ctx.tx, ctx.planId, op.codes));
  if (off.length) {
    throw new ValidationError(`Cannot merge: ${off.join(', ')} share(s) no border with ${op.codes[0]} and the rest (touching at a corner is not a border).`,
      off.map((code) => ({ field: 'codes', index: op.codes.indexOf(code), code, problem: 'shares no border with the other cells' })));
  }
  const [into, ...others] = op.codes;
  const kids = others.flatMap((c) => (ctx.tree.children.get(c) ?? []).map((k) => k.code));
  ctx.refuseLocked(kids);
  await ctx.touch([...op.codes, ...kids]);
  await updatePlanAreaParents(ctx.tx, ctx.planId, kids, into);
  await mergePlanGeometries(ctx.tx, ctx.planId, into, others);
  await ctx.remove(others, into);
  await ctx.redrawParents([into]);
}
