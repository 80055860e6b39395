import type { PlannedPart } from './plan_grids.ts';
import type { ProposalReason, ProposedGrid } from './sizing_proposal.ts';
import type { UnitGraph } from './unit_graph.ts';

const LIST = 8;

/**
 * Says why each grid of a plan that is out of band could not be put in it: its part of the
 * community is cut off (an island, a unit walled in by dedicated grids), holds too few
 * households for one grid, cannot be divided into any number of in-band grids, holds a unit
 * that alone exceeds the band, or the search found no in-band arrangement.
 *
 * @example explainParts(graph, parts, grids, label, 'XX村', { min: 200, max: 400 })
 * // [{ cause: 'too_few', grids: ['…01'], units: [...], message: 'XX村 has only 150 households …' }]
 */
export function explainParts(
  graph: UnitGraph,
  parts: readonly PlannedPart[],
  grids: readonly ProposedGrid[],
  containerName: string,
  band: { min: number; max: number },
): ProposalReason[] {
  const gridOfUnit = new Map<string, ProposedGrid>();
  for (const g of grids) for (const u of g.units) gridOfUnit.set(u, g);
  const reasons: ProposalReason[] = [];
  for (const part of parts) {
    const codes = part.units.map((u) => graph.codes[u]);
    const breaching = [...new Set(codes.map((c) => gridOfUnit.get(c)!))].filter((g) => g.status === 'under' || g.status === 'over');
    if (breaching.length === 0) continue;
    const gridCodes = breaching.map((g) => g.code);
    const where = part.isolated
      ? `${list(codes)} (${part.households} households) share no border with the rest of ${containerName}'s movable units`
      : `${containerName} has ${part.households} households in units to group`;
    if (part.households < band.min) {
      reasons.push({
        cause: part.isolated ? 'isolated' : 'too_few',
        grids: gridCodes,
        units: codes,
        message: `${where}: fewer than the ${band.min} of one grid, so they make one grid under the band.`,
      });
      continue;
    }
    // Grids holding a unit over the band cannot be helped; the rest of the part is judged on
    // the households outside such units.
    const bigUnits = part.units.filter((u) => graph.households[u] > band.max);
    const shared = part.households - bigUnits.reduce((a, u) => a + graph.households[u], 0);
    const unexplained: string[] = [];
    for (const g of breaching) {
      const big = bigUnits.map((u) => graph.codes[u]).filter((c) => gridOfUnit.get(c) === g);
      if (big.length > 0) {
        reasons.push({ cause: 'unit_over', grids: [g.code], units: big, message: `unit ${list(big)} alone holds more than ${band.max} households; a unit is never split, so grid ${g.code} stays over the band.` });
      } else if (part.kMin > part.kMax) {
        unexplained.push(g.code);
      } else {
        reasons.push({
          cause: 'not_found',
          grids: [g.code],
          units: [],
          message: `no arrangement of whole, contiguous units was found that puts grid ${g.code} (${g.households} households) in ${band.min}–${band.max}; this is the closest plan found.`,
        });
      }
    }
    if (unexplained.length > 0) {
      const at = (what: string) => (bigUnits.length ? `${what} outside units over ${band.max}` : what);
      reasons.push({
        cause: part.isolated ? 'isolated' : 'no_count_fits',
        grids: unexplained,
        units: codes,
        message:
          `${where}: no number of grids puts them all in ${band.min}–${band.max}: ${at(`its ${shared} households`)} need at least ` +
          `${Math.ceil(shared / band.max)} grid(s) of at most ${band.max} but allow at most ${Math.floor(shared / Math.max(1, band.min))} of at least ${band.min}; ` +
          `the plan uses ${part.k} grid(s), the closest.`,
      });
    }
  }
  return reasons;
}

function list(codes: readonly string[]): string {
  return codes.length <= LIST ? codes.join(', ') : `${codes.slice(0, LIST).join(', ')} and ${codes.length - LIST} more`;
}
