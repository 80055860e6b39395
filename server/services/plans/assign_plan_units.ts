import { ValidationError } from '../../errors.ts';
import { insertPlanArea } from '../../db/queries/insert_plan_area.ts';
import { updatePlanAreaParents } from '../../db/queries/update_plan_area_parents.ts';
import { assignmentProblems, type Assignment } from '../../domain/plans/assignment_problems.ts';
import type { PlanEditContext } from './plan_edit_context.ts';

/** A grid an assignment table introduces (a sizing proposal's new grids). */
export interface NewGrid {
  code: string;
  name: string;
  container: string;
}

export interface AssignOp {
  op: 'assign';
  source: string;
  rows: Assignment[];
  new_grids?: NewGrid[];
}

/**
 * Applies an assignment table (unit → grid), from a sizing proposal or an imported CSV: new grids
 * are made first, units move, every grid involved is redrawn as the union of its units, and a
 * grid left empty goes, its staff to the grid that took most of its units.
 */
export async function assignPlanUnits(ctx: PlanEditContext, op: AssignOp): Promise<void> {
  const newGrids = op.new_grids ?? [];
  const gridProblems = newGrids.flatMap((g, index) => {
    if (ctx.takenCodes().has(g.code)) return [{ field: 'new_grids', index, code: g.code, problem: `${g.code} is already a cell of this draft` }];
    const container = ctx.tree.byCode.get(g.container);
    if (!container) return [{ field: 'new_grids', index, code: g.code, problem: `its container ${g.container} is not in this draft` }];
    return [];
  });
  if (gridProblems.length) throw new ValidationError(`The assignment refused: ${gridProblems[0].problem}.`, gridProblems);
  // Decide on a tree that already holds the new grids, at the level of the units' grids.
  for (const g of newGrids) {
    const level = ctx.tree.byCode.get(op.rows.find((r) => r.grid_code !== g.code && ctx.tree.byCode.has(r.grid_code))?.grid_code ?? '')?.level ?? 'grid';
    ctx.tree.byCode.set(g.code, { code: g.code, parentCode: g.container, level, kind: 'base', name: g.name, locked: false, deleted: false, areaId: null });
  }
  const problems = assignmentProblems(ctx.tree, op.rows);
  if (problems.length) throw new ValidationError(`The assignment table refused: ${problems.length} bad row(s), first ${problems[0].problem}. Nothing was written.`, problems);

  const moving = op.rows.filter((r) => ctx.tree.byCode.get(r.unit_code)!.parentCode !== r.grid_code);
  const sources = [...new Set(moving.map((r) => ctx.tree.byCode.get(r.unit_code)!.parentCode!))];
  ctx.refuseLocked([...moving.flatMap((r) => [r.unit_code, r.grid_code]), ...sources]);
  await ctx.touch([...newGrids.map((g) => g.code), ...moving.map((r) => r.unit_code)]);
  for (const g of newGrids) {
    const grid = ctx.tree.byCode.get(g.code)!;
    await insertPlanArea(ctx.tx, ctx.planId, { code: g.code, parent_code: g.container, level: grid.level, kind: 'base', name: g.name, geom: null });
  }
  const byGrid = new Map<string, string[]>();
  for (const r of moving) byGrid.set(r.grid_code, [...(byGrid.get(r.grid_code) ?? []), r.unit_code]);
  for (const [grid, units] of byGrid) await updatePlanAreaParents(ctx.tx, ctx.planId, units, grid);
  const emptied = await ctx.redrawParents(moving.map((r) => r.unit_code), sources);
  for (const code of emptied) await ctx.remove([code], mostUnitsFrom(code, moving, ctx));
}

function mostUnitsFrom(source: string, moving: Assignment[], ctx: PlanEditContext): string | null {
  const n = new Map<string, number>();
  for (const r of moving) if (ctx.tree.byCode.get(r.unit_code)?.parentCode === source) n.set(r.grid_code, (n.get(r.grid_code) ?? 0) + 1);
  return [...n.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}
