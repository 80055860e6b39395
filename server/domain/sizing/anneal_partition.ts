import { bandExcess } from './band_status.ts';
import { polsbyPopper } from './polsby_popper.ts';
import type { UnitGraph } from './unit_graph.ts';

export interface AnnealOptions {
  min: number;
  max: number;
  rng: () => number;
  /** Proposed moves; 0 runs only the final descent (the "greedy repair" baseline). */
  iterations: number;
  /** Households one unit of Polsby-Popper is worth, summed over grids. */
  compactnessWeight: number;
  /** Households of moves one household outside the band is worth: high, so the band comes first. */
  bandWeight?: number;
  /**
   * Households a grid at the band's edge is worth against one at its middle (quadratic between):
   * 0 by default; a split sets it, so its parts come out even rather than one at each edge.
   */
  balanceWeight?: number;
  /** Starting temperature in households of one typical unit (default 1); lower polishes a good start. */
  temperature?: number;
}

export interface AnnealStats {
  proposed: number;
  accepted: number;
  /** Final objective: bandWeight·excess + moved households + compactnessWeight·Σ(1 − PP). */
  cost: number;
}

/**
 * Improves a partition of `members` (one connected set of units) by moving single border units
 * between neighbouring groups, under simulated annealing then a steepest descent. A move is
 * allowed only when the group it leaves stays contiguous and non-empty, so contiguity holds
 * throughout. The objective puts the band first (`bandWeight` per household outside it), then
 * households moved away from `original[u]` (−1: no original group, moving is free), then
 * compactness. Groups keep their count. `label` is updated in place.
 *
 * @example annealPartition(graph, members, label, original, { min: 200, max: 400, rng, iterations: 20000, compactnessWeight: 10 })
 */
export function annealPartition(graph: UnitGraph, members: readonly number[], label: Int32Array, original: Int32Array, opts: AnnealOptions): AnnealStats {
  const { min, max, rng, compactnessWeight: wc } = opts;
  const wb = opts.bandWeight ?? 100;
  const wm = opts.balanceWeight ?? 0;
  const mid = (min + max) / 2;
  const half = Math.max(1, (max - min) / 2);
  const n = members.length;
  const inScope = new Uint8Array(graph.codes.length);
  for (const u of members) inScope[u] = 1;
  let labels = 0;
  for (const u of members) labels = Math.max(labels, label[u] + 1);
  const H = new Float64Array(labels);
  const A = new Float64Array(labels);
  const P = new Float64Array(labels);
  const size = new Int32Array(labels);
  const recount = () => {
    H.fill(0);
    A.fill(0);
    P.fill(0);
    size.fill(0);
    for (const u of members) {
      const g = label[u];
      H[g] += graph.households[u];
      A[g] += graph.area[u];
      P[g] += graph.perimeter[u];
      size[g]++;
      const nb = graph.neighbours[u];
      for (let k = 0; k < nb.length; k++) if (inScope[nb[k]] && label[nb[k]] === g) P[g] -= graph.shared[u][k]; // each shared edge seen from both sides: −2 in all
    }
  };
  recount();
  const gridCost = (h: number, a: number, p: number) => wb * bandExcess(h, min, max) + wc * (1 - polsbyPopper(a, p)) + wm * ((h - mid) / half) ** 2;
  const movedCost = (u: number, to: number) => (original[u] >= 0 && original[u] !== to ? graph.households[u] : 0);
  const total = () => {
    let c = 0;
    for (let g = 0; g < labels; g++) if (size[g] > 0) c += gridCost(H[g], A[g], P[g]);
    for (const u of members) c += movedCost(u, label[u]);
    return c;
  };

  // Reused BFS buffers: a stamp per unit instead of clearing a visited array each time.
  const stamp = new Int32Array(graph.codes.length);
  let epoch = 0;
  const queue = new Int32Array(graph.codes.length);
  /** Whether group g stays in one piece without u: all of u's g-neighbours meet without u. */
  const staysContiguous = (u: number, g: number): boolean => {
    const nb = graph.neighbours[u];
    let first = -1;
    let need = 0;
    for (const v of nb) {
      if (!inScope[v] || label[v] !== g) continue;
      if (first < 0) first = v;
      need++;
    }
    if (need <= 1) return true;
    epoch++;
    stamp[u] = epoch;
    stamp[first] = epoch;
    let head = 0;
    let tail = 0;
    queue[tail++] = first;
    let found = 1;
    while (head < tail) {
      const w = queue[head++];
      for (const v of graph.neighbours[w]) {
        if (stamp[v] === epoch || !inScope[v] || label[v] !== g) continue;
        stamp[v] = epoch;
        queue[tail++] = v;
        if (nb.includes(v) && ++found === need) return true;
      }
    }
    return false;
  };
  /** Change in objective from moving u to group h (u's current group is label[u]). */
  const delta = (u: number, h: number): number => {
    const g = label[u];
    let sg = 0;
    let sh = 0;
    const nb = graph.neighbours[u];
    for (let k = 0; k < nb.length; k++) {
      const v = nb[k];
      if (!inScope[v]) continue;
      if (label[v] === g) sg += graph.shared[u][k];
      else if (label[v] === h) sh += graph.shared[u][k];
    }
    const hu = graph.households[u];
    const au = graph.area[u];
    const pu = graph.perimeter[u];
    return (
      gridCost(H[g] - hu, A[g] - au, P[g] - pu + 2 * sg) - gridCost(H[g], A[g], P[g]) +
      gridCost(H[h] + hu, A[h] + au, P[h] + pu - 2 * sh) - gridCost(H[h], A[h], P[h]) +
      movedCost(u, h) - movedCost(u, g)
    );
  };
  const apply = (u: number, h: number) => {
    const g = label[u];
    const nb = graph.neighbours[u];
    let sg = 0;
    let sh = 0;
    for (let k = 0; k < nb.length; k++) {
      const v = nb[k];
      if (!inScope[v]) continue;
      if (label[v] === g) sg += graph.shared[u][k];
      else if (label[v] === h) sh += graph.shared[u][k];
    }
    H[g] -= graph.households[u];
    A[g] -= graph.area[u];
    P[g] += 2 * sg - graph.perimeter[u];
    size[g]--;
    H[h] += graph.households[u];
    A[h] += graph.area[u];
    P[h] += graph.perimeter[u] - 2 * sh;
    size[h]++;
    label[u] = h;
  };

  let cost = total();
  let bestCost = cost;
  const best = Int32Array.from(members, (u) => label[u]);
  let accepted = 0;
  if (n > 1 && opts.iterations > 0) {
    let meanH = 0;
    for (const u of members) meanH += graph.households[u];
    meanH = Math.max(1, meanH / n);
    // The temperature starts at one typical unit's households, so early on a move that costs a
    // unit's worth of moved households is often taken, and cools a hundredfold.
    const t0 = meanH * (opts.temperature ?? 1);
    const cooling = Math.pow(0.01, 1 / opts.iterations);
    let t = t0;
    for (let it = 0; it < opts.iterations; it++, t *= cooling) {
      const u = members[Math.floor(rng() * n)];
      const nb = graph.neighbours[u];
      if (nb.length === 0) continue;
      const v = nb[Math.floor(rng() * nb.length)];
      const g = label[u];
      const h = label[v];
      if (!inScope[v] || h === g || size[g] <= 1) continue;
      const d = delta(u, h);
      if (d > 0 && rng() >= Math.exp(-d / t)) continue;
      if (!staysContiguous(u, g)) continue;
      apply(u, h);
      accepted++;
      cost += d;
      if (cost < bestCost - 1e-9) {
        bestCost = cost;
        for (let i = 0; i < n; i++) best[i] = label[members[i]];
      }
    }
    for (let i = 0; i < n; i++) label[members[i]] = best[i];
    recount();
    cost = total();
  }

  // Steepest descent: each sweep takes, unit by unit, the best improving move, until none is left.
  for (let sweep = 0; sweep < 100; sweep++) {
    let improved = false;
    for (const u of members) {
      const g = label[u];
      if (size[g] <= 1) continue;
      let bestH = -1;
      let bestD = -1e-9;
      for (const v of graph.neighbours[u]) {
        const h = label[v];
        if (!inScope[v] || h === g || h === bestH) continue;
        const d = delta(u, h);
        if (d < bestD) {
          bestD = d;
          bestH = h;
        }
      }
      if (bestH < 0 || !staysContiguous(u, g)) continue;
      apply(u, bestH);
      cost += bestD;
      accepted++;
      improved = true;
    }
    if (!improved) break;
  }
  return { proposed: opts.iterations, accepted, cost };
}
