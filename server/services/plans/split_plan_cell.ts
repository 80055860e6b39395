import { ValidationError } from '../../errors.ts';
import { selectPlanSplitSides } from '../../db/queries/select_plan_split_sides.ts';
import { insertPlanArea } from '../../db/queries/insert_plan_area.ts';
import { updatePlanArea } from '../../db/queries/update_plan_area.ts';
import { updatePlanAreaParents } from '../../db/queries/update_plan_area_parents.ts';
import { decideSplit } from '../../domain/plans/decide_split.ts';
import { nextGridCodes } from '../../domain/sizing/next_grid_codes.ts';
import type { PlanEditContext } from './plan_edit_context.ts';

export interface SplitOp {
  op: 'split';
  code: string;
  line: { type: 'LineString'; coordinates: unknown };
}

/**
 * Splits a cell along a line. A cell with children (a grid over its units) splits in whole
 * units: each goes to the side its interior point falls on, the side with most households keeps
 * the code, the other sides become new cells with the next free codes, and every outline becomes
 * the union of its units. A cell without children is cut along the line itself. Returns the new
 * codes.
 */
export async function splitPlanCell(ctx: PlanEditContext, op: SplitOp): Promise<string[]> {
  const cell = ctx.cell(op.code, 'code');
  if (cell.code === ctx.plan.root || !cell.parentCode) throw new ValidationError(`${cell.code} is the plan's root: split cells under it.`, [{ field: 'code', code: cell.code, problem: "the plan's root cannot be split" }]);
  ctx.refuseLocked([cell.code]);
  const split = await selectPlanSplitSides(ctx.tx, ctx.planId, cell.code, op.line);
  const refuse = (problem: string) => new ValidationError(`The line does not split ${cell.code}: ${problem}.`, [{ field: 'line', code: cell.code, problem }]);
  if (split.pieces < 2) throw refuse('it does not cross the cell from edge to edge');
  const siblings = (ctx.tree.children.get(cell.parentCode) ?? []).map((c) => c.code);
  const kids = ctx.tree.children.get(cell.code) ?? [];

  if (kids.length === 0) {
    const [keep, ...rest] = split.shapes;
    const codes = nextGridCodes(cell.parentCode, siblings, ctx.takenCodes(), rest.length);
    await ctx.touch([cell.code, ...codes]);
    await updatePlanArea(ctx.tx, ctx.planId, cell.code, { geom: keep.geom });
    for (const [i, piece] of rest.entries()) {
      await insertPlanArea(ctx.tx, ctx.planId, { code: codes[i], parent_code: cell.parentCode, level: cell.level, kind: cell.kind, name: `${cell.name} ${i + 2}`, geom: piece.geom });
    }
    await ctx.redrawParents([cell.code, ...codes]);
    return codes;
  }

  const decision = decideSplit(split.units);
  if ('reason' in decision) throw refuse(decision.reason);
  ctx.refuseLocked(decision.groups.flat());
  const codes = nextGridCodes(cell.parentCode, siblings, ctx.takenCodes(), decision.groups.length);
  await ctx.touch([...codes, ...decision.groups.flat()]);
  for (const [i, group] of decision.groups.entries()) {
    await insertPlanArea(ctx.tx, ctx.planId, { code: codes[i], parent_code: cell.parentCode, level: cell.level, kind: cell.kind, name: `${cell.name} ${i + 2}`, geom: null });
    await updatePlanAreaParents(ctx.tx, ctx.planId, group, codes[i]);
  }
  await ctx.redrawParents(decision.groups.flat(), [cell.code]);
  return codes;
}
