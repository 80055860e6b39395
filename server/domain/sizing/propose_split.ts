import seedrandom from 'seedrandom';
import { assemblePlan, type GridLabel } from './assemble_plan.ts';
import { explainParts } from './explain_parts.ts';
import { nextGridCodes } from './next_grid_codes.ts';
import { planGrids } from './plan_grids.ts';
import type { ProposalReason, SizingProposal } from './sizing_proposal.ts';
import type { SizingScope } from './sizing_scope.ts';
import { buildUnitGraph } from './unit_graph.ts';
import type { ProposeOptions } from './propose_rebalance.ts';

/**
 * Splits one (over-full) grid into two or more contiguous grids of whole units, each in band if
 * its households allow: the fewest grids that can hold them, annealed for balance and
 * compactness. The part with the most households keeps the grid's code; the others get the
 * community's next free codes.
 *
 * @example proposeSplit(scope, '33078210100305', { root: '330782101003', band: { min: 200, max: 400 }, seed: 'a' }).grids.length // 2
 */
export function proposeSplit(scope: SizingScope, gridCode: string, opts: ProposeOptions): SizingProposal {
  const grid = scope.grids.find((g) => g.code === gridCode);
  if (!grid) throw new Error(`proposeSplit: grid ${gridCode} is not in the scope (a bug in the caller)`);
  const graph = buildUnitGraph(scope.units, scope.adjacency);
  const members = scope.units.flatMap((u, i) => (u.grid === gridCode ? [i] : []));
  const households = members.reduce((s, u) => s + graph.households[u], 0);
  const reasons: ProposalReason[] = [];
  if (grid.fixed) {
    reasons.push({ cause: 'not_base', grids: [gridCode], units: [], message: `grid ${gridCode} is a dedicated grid (${grid.kind}), kept as it is: it is not split.` });
  }
  if (households <= opts.band.max) {
    reasons.push({ cause: 'not_over', grids: [gridCode], units: [], message: `grid ${gridCode} holds ${households} households, not more than ${opts.band.max}: it needs no split.` });
  }
  const n = scope.units.length;
  const label = new Int32Array(n).fill(-1);
  // No original grid for the parts: which part keeps the code is decided after, so the search
  // balances and rounds the parts instead of hoarding households in one.
  const original = new Int32Array(n).fill(-1);
  let next = 0;
  const parts = grid.fixed || members.length === 0
    ? []
    : planGrids(graph, members, original, label, {
        min: opts.band.min,
        max: opts.band.max,
        rng: seedrandom(`${opts.seed}/${gridCode}`),
        iterationsPerUnit: opts.iterationsPerUnit,
        compactnessWeight: opts.compactnessWeight,
        minGrids: 2,
        // Even parts leave each room to grow; worth about one typical unit at the band's edge.
        balanceWeight: households / Math.max(1, members.length),
        newLabel: () => next++,
      });
  if (parts.length === 0) for (const u of members) label[u] = 0;

  const weight = new Map<number, number>();
  for (const u of members) weight.set(label[u], (weight.get(label[u]) ?? 0) + graph.households[u]);
  const order = [...weight].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([l]) => l);
  const siblings = scope.grids.filter((g) => g.container === grid.container).map((g) => g.code);
  const codes = nextGridCodes(grid.container, siblings, scope.takenCodes, order.length - 1);
  const container = scope.containers.find((c) => c.code === grid.container);
  const labels = new Map<number, GridLabel>(
    order.map((l, k) => [
      l,
      k === 0
        ? { code: grid.code, name: grid.name, container: grid.container, new: false, kept: grid.fixed }
        : { code: codes[k - 1], name: `${container?.name ?? grid.container}第${codes[k - 1].slice(grid.container.length).replace(/^0+/, '')}网格（新）`, container: grid.container, new: true, kept: false },
    ]),
  );
  const plan = assemblePlan(graph, members, label, labels, scope.units.map((u) => u.grid), opts.band);
  reasons.push(...explainParts(graph, parts, plan.grids, `grid ${gridCode}`, opts.band));
  return {
    kind: 'split',
    root: opts.root,
    seed: opts.seed,
    band: opts.band,
    feasible: !grid.fixed && plan.grids.length >= 2 && plan.grids.every((g) => g.status === 'within'),
    reasons,
    ...plan,
    removed_grids: [],
  };
}
