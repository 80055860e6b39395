import seedrandom from 'seedrandom';
import { assemblePlan, type GridLabel } from './assemble_plan.ts';
import { explainParts } from './explain_parts.ts';
import { nextGridCodes } from './next_grid_codes.ts';
import { planGrids } from './plan_grids.ts';
import type { ProposalReason, SizingProposal } from './sizing_proposal.ts';
import type { SizingScope } from './sizing_scope.ts';
import { buildUnitGraph } from './unit_graph.ts';

export interface ProposeOptions {
  root: string;
  band: { min: number; max: number };
  /** Same seed, same scope: same proposal. */
  seed: string;
  /** Annealing moves per unit (default 1000); 0 runs only the greedy descent (the baseline). */
  iterationsPerUnit?: number;
  compactnessWeight?: number;
}

/**
 * A rebalanced plan for every community in the scope: its movable units (all but those of fixed,
 * dedicated grids) grouped into contiguous grids in band, inside the community, whole units
 * only, moving as few households from their current grid as it can (planGrids). New grids get
 * the community's next free codes; grids left empty are listed in `removed_grids`. Where the band
 * cannot be met, the reasons say why and the plan is the closest found.
 *
 * @example proposeRebalance(scope, { root: '330782101003', band: { min: 200, max: 400 }, seed: 'a' }).moved // { households: 412, units: 17 }
 */
export function proposeRebalance(scope: SizingScope, opts: ProposeOptions): SizingProposal {
  const graph = buildUnitGraph(scope.units, scope.adjacency);
  const gridIndex = new Map(scope.grids.map((g, i) => [g.code, i]));
  const labels = new Map<number, GridLabel>(scope.grids.map((g, i) => [i, { code: g.code, name: g.name, container: g.container, new: false, kept: g.fixed }]));
  const n = scope.units.length;
  const label = new Int32Array(n).fill(-1);
  const original = new Int32Array(n).fill(-1);
  scope.units.forEach((u, i) => {
    const g = u.grid === null ? undefined : gridIndex.get(u.grid);
    if (g === undefined) return;
    if (scope.grids[g].fixed) label[i] = g;
    else original[i] = g;
  });
  let next = scope.grids.length;
  const taken = new Set(scope.takenCodes); // grows with the codes this plan hands out

  const reasons: ProposalReason[] = [];
  const partsByContainer = [];
  for (const container of [...scope.containers].sort((a, b) => a.code.localeCompare(b.code))) {
    const members = scope.units.flatMap((u, i) => (u.container === container.code && label[i] < 0 ? [i] : []));
    if (members.length === 0) continue;
    const firstNew = next;
    const parts = planGrids(graph, members, original, label, {
      min: opts.band.min,
      max: opts.band.max,
      rng: seedrandom(`${opts.seed}/${container.code}`),
      iterationsPerUnit: opts.iterationsPerUnit,
      compactnessWeight: opts.compactnessWeight,
      newLabel: () => next++,
    });
    // New grids take the community's next codes, in the order their units come.
    const fresh = [...new Set(members.map((u) => label[u]).filter((l) => l >= firstNew))];
    const siblings = scope.grids.filter((g) => g.container === container.code).map((g) => g.code);
    const codes = nextGridCodes(container.code, siblings, taken, fresh.length);
    for (const c of codes) taken.add(c);
    fresh.forEach((l, k) => {
      const seq = codes[k].slice(container.code.length).replace(/^0+/, '');
      labels.set(l, { code: codes[k], name: `${container.name}第${seq}网格（新）`, container: container.code, new: true, kept: false });
    });
    partsByContainer.push({ container, parts });
  }

  const all = scope.units.map((_, i) => i).filter((i) => label[i] >= 0);
  const from = scope.units.map((u) => u.grid);
  const plan = assemblePlan(graph, all, label, labels, from, opts.band);
  for (const { container, parts } of partsByContainer) {
    reasons.push(...explainParts(graph, parts, plan.grids.filter((g) => g.container === container.code), container.name, opts.band));
  }
  const used = new Set(plan.grids.map((g) => g.code));
  return {
    kind: 'rebalance',
    root: opts.root,
    seed: opts.seed,
    band: opts.band,
    feasible: plan.grids.every((g) => g.kept || g.status === 'within'),
    reasons,
    ...plan,
    removed_grids: scope.grids.filter((g) => !g.fixed && !used.has(g.code)).map((g) => g.code).sort(),
  };
}
