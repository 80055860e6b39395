import type { UnitGraph } from './unit_graph.ts';

/**
 * Divides a connected set of units into `k` contiguous groups of about equal households: seeds
 * spread by farthest-point sampling (the first from `rng`), then the lightest group always takes
 * its frontier unit nearest its seed, which keeps groups round. A start for the annealing, and
 * how a grid is split or an ungridded area first gridded.
 *
 * @example growGroups(graph, [0, 1, 2, 3], 2, seedrandom('x')) // [[0, 1], [2, 3]] on a 1×4 strip
 */
export function growGroups(graph: UnitGraph, members: readonly number[], k: number, rng: () => number): number[][] {
  const n = members.length;
  k = Math.max(1, Math.min(k, n));
  if (n === 0) return [];
  const inScope = new Set(members);
  const dist2 = (a: number, b: number) => (graph.x[a] - graph.x[b]) ** 2 + (graph.y[a] - graph.y[b]) ** 2;

  // Farthest-point seeds: start from the unit farthest from a random one, so seeds sit apart.
  const start = members[Math.floor(rng() * n)];
  const seeds = [members.reduce((best, u) => (dist2(u, start) > dist2(best, start) ? u : best), start)];
  const nearest = members.map((u) => dist2(u, seeds[0]));
  while (seeds.length < k) {
    let pick = -1;
    for (let i = 0; i < n; i++) if (pick < 0 || nearest[i] > nearest[pick]) pick = i;
    seeds.push(members[pick]);
    for (let i = 0; i < n; i++) nearest[i] = Math.min(nearest[i], dist2(members[i], members[pick]));
  }

  const group = new Map<number, number>();
  const groups: number[][] = seeds.map((s, g) => {
    group.set(s, g);
    return [s];
  });
  const weight = seeds.map((s) => graph.households[s]);
  const stuck = new Array<boolean>(k).fill(false);
  while (group.size < n) {
    let g = -1;
    for (let i = 0; i < k; i++) if (!stuck[i] && (g < 0 || weight[i] < weight[g])) g = i;
    if (g < 0) break; // cannot happen on a connected set; guards a disconnected one
    let best = -1;
    for (const u of groups[g]) {
      for (const v of graph.neighbours[u]) {
        if (!inScope.has(v) || group.has(v)) continue;
        if (best < 0 || dist2(v, seeds[g]) < dist2(best, seeds[g]) || (dist2(v, seeds[g]) === dist2(best, seeds[g]) && v < best)) best = v;
      }
    }
    if (best < 0) {
      stuck[g] = true; // for good: a frontier only shrinks as units are taken
      continue;
    }
    group.set(best, g);
    groups[g].push(best);
    weight[g] += graph.households[best];
  }
  // A disconnected input leaves units unreached: give them to the first group, the caller
  // reports the set as not contiguous.
  for (const u of members) if (!group.has(u)) groups[0].push(u);
  return groups;
}
