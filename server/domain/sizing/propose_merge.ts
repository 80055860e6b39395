import { assemblePlan, type GridLabel } from './assemble_plan.ts';
import { bandExcess, bandStatus } from './band_status.ts';
import { describeGroup } from './describe_group.ts';
import type { ProposalReason, SizingProposal } from './sizing_proposal.ts';
import type { SizingScope } from './sizing_scope.ts';
import { buildUnitGraph } from './unit_graph.ts';
import type { ProposeOptions } from './propose_rebalance.ts';

export interface MergeAlternative {
  with: string;
  households: number;
  status: 'under' | 'within' | 'over';
  polsby_popper: number;
}

/**
 * Merges one (under-full) grid with the neighbouring base grid of the same community (sharing a
 * border, not a corner) that keeps the result in band; among those, the most compact result,
 * then the fewest households moved. The larger of the two keeps its code. When no neighbour
 * keeps it in band, the closest is proposed and the reasons list every neighbour's total.
 *
 * @example proposeMerge(scope, '33078210100307', opts).removed_grids // ['33078210100307']
 */
export function proposeMerge(scope: SizingScope, gridCode: string, opts: ProposeOptions): SizingProposal & { alternatives: MergeAlternative[] } {
  const grid = scope.grids.find((g) => g.code === gridCode);
  if (!grid) throw new Error(`proposeMerge: grid ${gridCode} is not in the scope (a bug in the caller)`);
  const graph = buildUnitGraph(scope.units, scope.adjacency);
  const gridOf = scope.units.map((u) => u.grid);
  const unitsOf = (code: string) => scope.units.flatMap((u, i) => (u.grid === code ? [i] : []));
  const mine = unitsOf(gridCode);
  const own = describeGroup(graph, mine).households;
  const reasons: ProposalReason[] = [];
  const { min, max } = opts.band;
  if (grid.fixed) reasons.push({ cause: 'not_base', grids: [gridCode], units: [], message: `grid ${gridCode} is a dedicated grid (${grid.kind}), kept as it is: it is not merged.` });
  if (own >= min) reasons.push({ cause: 'not_under', grids: [gridCode], units: [], message: `grid ${gridCode} holds ${own} households, not fewer than ${min}: it needs no merge.` });

  const movable = new Set(scope.grids.filter((g) => !g.fixed && g.container === grid.container).map((g) => g.code));
  const neighbours = new Set<string>();
  for (const u of mine) for (const v of graph.neighbours[u]) if (gridOf[v] && gridOf[v] !== gridCode && movable.has(gridOf[v]!)) neighbours.add(gridOf[v]!);
  const alternatives = grid.fixed
    ? []
    : [...neighbours].map((code) => {
        const f = describeGroup(graph, [...mine, ...unitsOf(code)]);
        return { with: code, households: f.households, status: bandStatus(f.households, opts.band).status, polsby_popper: f.polsbyPopper, theirs: f.households - own };
      });
  alternatives.sort(
    (a, b) => bandExcess(a.households, min, max) - bandExcess(b.households, min, max) || b.polsby_popper - a.polsby_popper || Math.min(own, a.theirs) - Math.min(own, b.theirs) || a.with.localeCompare(b.with),
  );
  const best = alternatives[0];
  const base = { kind: 'merge' as const, root: opts.root, seed: opts.seed, band: opts.band };
  const alts = alternatives.map(({ theirs: _, ...a }) => a);
  if (!best) {
    if (!grid.fixed) reasons.push({ cause: 'no_neighbour', grids: [gridCode], units: [], message: `grid ${gridCode} shares no border with another base grid of ${grid.container}: there is nothing to merge it with.` });
    const plan = assemblePlan(graph, mine, Int32Array.from(scope.units, () => 0), new Map([[0, { code: grid.code, name: grid.name, container: grid.container, new: false, kept: grid.fixed }]]), gridOf, opts.band);
    return { ...base, feasible: false, reasons, ...plan, removed_grids: [], alternatives: alts };
  }
  if (best.status !== 'within') {
    reasons.push({
      cause: 'no_merge_fits',
      grids: [gridCode, ...alternatives.map((a) => a.with)],
      units: [],
      message: `no neighbour keeps grid ${gridCode} in ${min}–${max} when merged (${alternatives.map((a) => `with ${a.with}: ${a.households}`).join('; ')}); the closest is proposed. A rebalance of the community may do better.`,
    });
  }
  const keepsMine = own > best.theirs || (own === best.theirs && gridCode < best.with);
  const kept = keepsMine ? grid : scope.grids.find((g) => g.code === best.with)!;
  const gone = keepsMine ? best.with : gridCode;
  const units = [...mine, ...unitsOf(best.with)];
  const labels = new Map<number, GridLabel>([[0, { code: kept.code, name: kept.name, container: kept.container, new: false, kept: false }]]);
  const plan = assemblePlan(graph, units, new Int32Array(scope.units.length), labels, gridOf, opts.band);
  return { ...base, feasible: best.status === 'within', reasons, ...plan, removed_grids: [gone], alternatives: alts };
}
