import type { Queryable } from '../../db/db.ts';
import { NotFoundError } from '../../errors.ts';
import { selectPlan } from '../../db/queries/select_plan.ts';
import { selectPlanCells } from '../../db/queries/select_plan_cells.ts';
import { selectPlanAreasGeojson } from '../../db/queries/select_plan_areas_geojson.ts';
import { selectPlanPointMoves } from '../../db/queries/select_plan_point_moves.ts';
import { selectPlanStaffMoves, type PlanStaffMove } from '../../db/queries/select_plan_staff_moves.ts';
import { selectAreaAncestry } from '../../db/queries/select_area_ancestry.ts';
import { chainDivergence, type Divergence } from '../../domain/plans/chain_divergence.ts';
import { countMoves, type MoveCount } from '../../domain/plans/count_moves.ts';

export interface PlanDiff {
  changed: unknown;
  moves: {
    households: MoveCount[];
    facilities: MoveCount[];
    events: { id: string; from: string | null; to: string | null }[];
    staff: PlanStaffMove[];
  };
  totals: { households: number; facilities: number; events: number; staff: number };
}

/**
 * Compares a draft with the published tree: the outlines of its new, changed and deleted cells,
 * and what would move. A point moves when its chain of cells as published and as drafted part:
 * it is counted from the cell to the cell at the highest level where they part (a unit painted
 * from grid G1 to G2 moves its households G1 → G2). Staff move where their cell goes. No
 * personal fields: households are counted, never listed.
 */
export async function diffPlan(db: Queryable, planId: number): Promise<PlanDiff> {
  const plan = await selectPlan(db, planId);
  if (!plan) throw new NotFoundError(`No plan ${planId}.`);
  // One after another: publish runs this inside its transaction.
  const cells = await selectPlanCells(db, planId);
  const changed = await selectPlanAreasGeojson(db, planId, { withDeleted: true, changedOnly: true });
  const points = await selectPlanPointMoves(db, planId);
  const staff = await selectPlanStaffMoves(db, planId);
  const ancestry = await selectAreaAncestry(db, plan.root);
  const parentOf = new Map(cells.filter((c) => !c.deleted).map((c) => [c.code, c.parentCode]));
  const above = (ancestry ?? [plan.root]).slice(0, -1);
  const chainCache = new Map<string, string[]>();
  const draftChain = (leaf: string): string[] => {
    let chain = chainCache.get(leaf);
    if (chain) return chain;
    const up: string[] = [];
    for (let c: string | null | undefined = leaf; c && up.length < 64; c = c === plan.root ? null : parentOf.get(c)) up.push(c);
    chain = [...above, ...up.reverse()];
    chainCache.set(leaf, chain);
    return chain;
  };
  const moves: Record<'household' | 'facility', Divergence[]> = { household: [], facility: [] };
  const events: PlanDiff['moves']['events'] = [];
  for (const p of points) {
    const published = p.path ? p.path.split('/') : [];
    // Points outside the plan's subtree that no draft cell takes are none of its business.
    if (!p.leaf && !published.includes(plan.root)) continue;
    const d = chainDivergence(published, p.leaf ? draftChain(p.leaf) : []);
    if (!d) continue;
    if (p.kind === 'event') events.push({ id: p.id, ...d });
    else moves[p.kind].push(d);
  }
  events.sort((a, b) => a.id.localeCompare(b.id));
  return {
    changed: JSON.parse(changed),
    moves: { households: countMoves(moves.household), facilities: countMoves(moves.facility), events, staff },
    totals: { households: moves.household.length, facilities: moves.facility.length, events: events.length, staff: staff.length },
  };
}
