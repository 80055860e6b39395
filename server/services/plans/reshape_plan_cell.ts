import { ValidationError } from '../../errors.ts';
import { snapPlanGeometry } from '../../db/queries/snap_plan_geometry.ts';
import { updatePlanArea } from '../../db/queries/update_plan_area.ts';
import type { PlanEditContext } from './plan_edit_context.ts';

export interface ReshapeOp {
  op: 'reshape';
  code: string;
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
  snap_m?: number;
}

/**
 * Gives a cell without children a new outline, snapped onto its neighbours within `snap_m`
 * (1 m by default) so a border drawn along theirs becomes theirs exactly; its parent's outline
 * follows when the parent is the union of its children. A cell with children is refused: its
 * outline is theirs (paint or split its units instead).
 */
export async function reshapePlanCell(ctx: PlanEditContext, op: ReshapeOp): Promise<void> {
  const cell = ctx.cell(op.code, 'code');
  if (ctx.tree.children.has(cell.code)) {
    throw new ValidationError(`Cell ${cell.code} has cells under it, and its outline is theirs: reshape one of them, or paint or split its units.`, [
      { field: 'code', code: cell.code, problem: 'has children: reshape a cell without children' },
    ]);
  }
  ctx.refuseLocked([cell.code]);
  const snapped = await snapPlanGeometry(ctx.tx, ctx.planId, op.geometry, { exclude: cell.code, level: cell.level, parent: cell.parentCode, snapM: op.snap_m ?? 1 });
  if (snapped.invalid) throw new ValidationError(`The outline drawn for ${cell.code} is invalid: ${snapped.invalid}. Redraw it without self-crossings.`, [{ field: 'geometry', code: cell.code, problem: snapped.invalid }]);
  if (!snapped.geom || snapped.area_m2 <= 0) throw new ValidationError(`The outline drawn for ${cell.code} covers no ground.`, [{ field: 'geometry', code: cell.code, problem: 'empty or zero area' }]);
  await ctx.touch([cell.code]);
  await updatePlanArea(ctx.tx, ctx.planId, cell.code, { geom: snapped.geom });
  await ctx.redrawParents([cell.code]);
}
