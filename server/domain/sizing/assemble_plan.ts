import { bandStatus } from './band_status.ts';
import { describeGroup } from './describe_group.ts';
import type { ProposedGrid, SizingProposal } from './sizing_proposal.ts';
import type { UnitGraph } from './unit_graph.ts';

export interface GridLabel {
  code: string;
  name: string;
  container: string;
  new: boolean;
  kept: boolean;
}

/**
 * Turns a labelling of units into the proposal's grids, assignments and moved counts. `from`
 * is each unit's current grid code (null: none); a unit counts as moved when it had a grid and
 * its new grid's code differs.
 *
 * @example assemblePlan(graph, [0, 1, 2], label, grids, from, { min: 200, max: 400 })
 */
export function assemblePlan(
  graph: UnitGraph,
  units: readonly number[],
  label: Int32Array,
  grids: ReadonlyMap<number, GridLabel>,
  from: readonly (string | null)[],
  band: { min: number; max: number },
): Pick<SizingProposal, 'grids' | 'assignments' | 'moved'> {
  const membersOf = new Map<number, number[]>();
  for (const u of units) membersOf.set(label[u], [...(membersOf.get(label[u]) ?? []), u]);
  const out: ProposedGrid[] = [];
  for (const [l, us] of membersOf) {
    const info = grids.get(l);
    if (!info) throw new Error(`assemblePlan: label ${l} has no grid (a bug in the caller)`);
    const f = describeGroup(graph, us);
    out.push({
      code: info.code,
      name: info.name,
      container: info.container,
      new: info.new,
      kept: info.kept,
      units: us.map((u) => graph.codes[u]).sort(),
      households: f.households,
      status: info.kept ? 'exempt' : bandStatus(f.households, band).status,
      polsby_popper: f.polsbyPopper,
      contiguous: f.contiguous,
    });
  }
  out.sort((a, b) => a.code.localeCompare(b.code));
  const assignments = units
    .map((u) => ({ unit_code: graph.codes[u], from_grid: from[u], to_grid: grids.get(label[u])!.code }))
    .sort((a, b) => a.unit_code.localeCompare(b.unit_code));
  let households = 0;
  let moved = 0;
  for (const u of units) {
    if (from[u] !== null && from[u] !== grids.get(label[u])!.code) {
      moved++;
      households += graph.households[u];
    }
  }
  return { grids: out, assignments, moved: { households, units: moved } };
}
