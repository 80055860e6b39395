import { ValidationError } from '../../errors.ts';
import { snapPlanGeometry } from '../../db/queries/snap_plan_geometry.ts';
import { insertPlanArea } from '../../db/queries/insert_plan_area.ts';
import { nextGridCodes } from '../../domain/sizing/next_grid_codes.ts';
import type { PlanEditContext } from './plan_edit_context.ts';

export interface CreateOp {
  op: 'create';
  parent_code: string;
  level: string;
  name: string;
  kind?: string;
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
  snap_m?: number;
}

/** Draws a new cell under `parent_code` (snapped onto its neighbours), with the parent's next free code. Returns it. */
export async function createPlanCell(ctx: PlanEditContext, op: CreateOp): Promise<string> {
  const parent = ctx.cell(op.parent_code, 'parent_code');
  const snapped = await snapPlanGeometry(ctx.tx, ctx.planId, op.geometry, { exclude: null, level: op.level, parent: parent.code, snapM: op.snap_m ?? 1 });
  if (snapped.invalid) throw new ValidationError(`The outline drawn is invalid: ${snapped.invalid}. Redraw it without self-crossings.`, [{ field: 'geometry', problem: snapped.invalid }]);
  if (!snapped.geom || snapped.area_m2 <= 0) throw new ValidationError('The outline drawn covers no ground.', [{ field: 'geometry', problem: 'empty or zero area' }]);
  const siblings = (ctx.tree.children.get(parent.code) ?? []).map((c) => c.code);
  const [code] = nextGridCodes(parent.code, siblings, ctx.takenCodes(), 1);
  await ctx.touch([code]);
  await insertPlanArea(ctx.tx, ctx.planId, { code, parent_code: parent.code, level: op.level, kind: op.kind ?? 'base', name: op.name, geom: snapped.geom });
  await ctx.redrawParents([code]);
  return code;
}
