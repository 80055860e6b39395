import { annealPartition } from './anneal_partition.ts';
import { bandExcess } from './band_status.ts';
import { connectedParts } from './connected_parts.ts';
import { growGroups } from './grow_groups.ts';
import type { UnitGraph } from './unit_graph.ts';

export interface PlanGridsOptions {
  min: number;
  max: number;
  rng: () => number;
  /** Annealing moves per unit (default 1000, at least 20,000 a part); 0: greedy descent only. */
  iterationsPerUnit?: number;
  /** Households one unit of Polsby-Popper is worth (default: the mean households of a unit). */
  compactnessWeight?: number;
  /** See AnnealOptions.balanceWeight (default 0). */
  balanceWeight?: number;
  /** At least this many grids (2 for a split). */
  minGrids?: number;
  /** Allocates a label for a new grid. */
  newLabel: () => number;
}

/** One connected part of the units being grouped, and what could be done with it. */
export interface PlannedPart {
  units: number[];
  households: number;
  /** The part is cut off from the rest of the units being grouped (an island, a unit walled in). */
  isolated: boolean;
  /** Grid counts that could put every grid in band; empty when none can (kMin > kMax). */
  kMin: number;
  kMax: number;
  /** The grid count chosen. */
  k: number;
}

/**
 * Groups `members` (the movable units of one community) into contiguous grids of `min`–`max`
 * households, starting from their current grids (`original`, −1 for none) and moving as few
 * households as it can. Each connected part is planned on its own: grids never reach across a
 * gap. Per part it keeps the largest piece of each current grid, hands the rest to neighbours,
 * merges or splits grids until their count can fit the band, then anneals (annealPartition).
 * Writes the result into `label`.
 *
 * @example planGrids(graph, members, original, label, { min: 200, max: 400, rng, newLabel })
 */
export function planGrids(graph: UnitGraph, members: readonly number[], original: Int32Array, label: Int32Array, opts: PlanGridsOptions): PlannedPart[] {
  const { min, max, rng } = opts;
  const parts = connectedParts(graph, members);
  // Over all members at once, so a grid cut in two by a gap keeps its label in one part only.
  seedFromCurrent(graph, members, original, label);
  return parts.map((units) => {
    const households = units.reduce((s, u) => s + graph.households[u], 0);
    const inPart = new Set(units);

    // How many grids could hold these households in band. A unit over the band's maximum needs
    // a grid of its own whatever happens, so it is counted apart from the households shared out.
    const big = units.filter((u) => graph.households[u] > max);
    const shared = households - big.reduce((s, u) => s + graph.households[u], 0);
    const kMin = Math.max(opts.minGrids ?? 1, big.length + Math.ceil(shared / Math.max(1, max)), 1);
    const kMax = Math.min(units.length, big.length + (min > 0 ? Math.floor(shared / min) : units.length));
    const current = new Set(units.map((u) => label[u]).filter((l) => l >= 0));
    let k: number;
    if (kMin <= kMax) k = Math.min(kMax, Math.max(kMin, current.size || Math.round(households / ((min + max) / 2))));
    else {
      // No count fits: take the one that leaves the least unavoidable excess.
      const excess = (c: number) => Math.max(0, c * min - households) + Math.max(0, households - c * max);
      const lo = Math.max(1, kMax);
      k = excess(lo) <= excess(kMin) ? lo : kMin;
    }
    k = Math.max(1, Math.min(k, units.length));

    const start = Int32Array.from(units, (u) => label[u]);
    const restore = (from: Int32Array) => units.forEach((u, i) => (label[u] = from[i]));
    const meanH = Math.max(1, households / units.length);
    const anneal = (iterations: number, temperature = 1) =>
      annealPartition(graph, units, label, original, {
        min,
        max,
        rng,
        iterations,
        temperature,
        compactnessWeight: opts.compactnessWeight ?? meanH,
        balanceWeight: opts.balanceWeight,
      }).cost;
    const full = Math.max(20_000, (opts.iterationsPerUnit ?? 1000) * units.length);
    let best: { k: number; excess: number; cost: number; labels: Int32Array } | null = null;
    const keep = (cost: number) => {
      const kk = new Set(units.map((u) => label[u])).size;
      const excess = totalExcess(graph, units, label, min, max);
      if (!best || excess < best.excess || (excess === best.excess && cost < best.cost)) best = { k: kk, excess, cost, labels: Int32Array.from(units, (u) => label[u]) };
      return excess === 0;
    };
    const arrange = (kk: number) => {
      restore(start);
      if (current.size === 0) {
        for (const group of growGroups(graph, units, kk, rng)) {
          const l = opts.newLabel();
          for (const u of group) label[u] = l;
        }
      } else {
        mergeDownTo(graph, units, inPart, label, kk);
        splitUpTo(graph, units, original, label, kk, rng, opts.newLabel);
      }
    };
    /** When the band is still not met, dissolve what is left under-full and descend again. */
    const mergeLeftovers = () => {
      if (totalExcess(graph, units, label, min, max) > 0 && mergeUnderfull(graph, units, inPart, label, min, max)) keep(anneal(0));
    };

    // 1. Greedy repair: steepest descent from today's grids, dissolving what stays under-full.
    // Then a cool anneal from there, which can only polish it.
    arrange(k);
    keep(anneal(0));
    mergeLeftovers();
    if (opts.iterationsPerUnit !== 0) {
      restore(best!.labels);
      keep(anneal(full, 0.25));
      // 2. Hot anneals at today's count and one or two fewer or more (towards the count whose
      // grids would sit mid-band): packing many grids at the band's edge often has no solution
      // in whole units. Reheated once when the band is not met. The best by (households outside
      // the band, objective) wins.
      const kMid = Math.min(kMax, Math.max(kMin, big.length + Math.round(shared / ((min + max) / 2))));
      const toMid = Math.sign(kMid - k) || -1;
      // Other counts only when the band is not met yet: they cost a hot anneal each.
      const others = best!.excess > 0 ? [k + toMid, k + 2 * toMid] : [];
      const tries = [...new Set([k, ...others])].filter((kk, i) => i === 0 || (kMin <= kMax && kk >= kMin && kk <= kMax && kk <= units.length));
      for (const kk of tries) {
        arrange(kk);
        if (!keep(anneal(full)) && !keep(anneal(full))) mergeLeftovers();
      }
    }
    restore(best!.labels);
    k = best!.k;
    return { units, households, isolated: parts.length > 1, kMin, kMax, k };
  });
}

/**
 * Labels each unit with its current grid, keeping only the heaviest connected piece of each
 * grid in this part; every other unit joins a neighbouring grid, breadth first.
 */
function seedFromCurrent(graph: UnitGraph, units: readonly number[], original: Int32Array, label: Int32Array): void {
  const byGrid = new Map<number, number[]>();
  for (const u of units) {
    label[u] = -1;
    if (original[u] >= 0) byGrid.set(original[u], [...(byGrid.get(original[u]) ?? []), u]);
  }
  for (const [g, us] of byGrid) {
    const pieces = connectedParts(graph, us);
    const weight = (p: number[]) => p.reduce((s, u) => s + graph.households[u], 0);
    const keep = pieces.reduce((a, b) => (weight(b) > weight(a) || (weight(b) === weight(a) && b.length > a.length) ? b : a));
    for (const u of keep) label[u] = g;
  }
  const inPart = new Set(units);
  const queue = units.filter((u) => label[u] >= 0);
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head];
    for (const v of graph.neighbours[u]) {
      if (inPart.has(v) && label[v] < 0) {
        label[v] = label[u];
        queue.push(v);
      }
    }
  }
}

/** Dissolves the lightest grid into its lightest neighbour until `k` grids are left. */
function mergeDownTo(graph: UnitGraph, units: number[], inPart: Set<number>, label: Int32Array, k: number): void {
  for (;;) {
    const weight = new Map<number, number>();
    for (const u of units) weight.set(label[u], (weight.get(label[u]) ?? 0) + graph.households[u]);
    if (weight.size <= k) return;
    const lightest = [...weight].sort((a, b) => a[1] - b[1] || a[0] - b[0])[0][0];
    let into = -1;
    for (const u of units) {
      if (label[u] !== lightest) continue;
      for (const v of graph.neighbours[u]) {
        const l = label[v];
        if (inPart.has(v) && l !== lightest && (into < 0 || weight.get(l)! < weight.get(into)! || (weight.get(l) === weight.get(into) && l < into))) into = l;
      }
    }
    if (into < 0) return; // a connected part always has a neighbour; guards the impossible
    for (const u of units) if (label[u] === lightest) label[u] = into;
  }
}

/** Merges under-full grids into neighbours while that lowers the households outside the band. */
function mergeUnderfull(graph: UnitGraph, units: number[], inPart: Set<number>, label: Int32Array, min: number, max: number): boolean {
  let merged = false;
  for (;;) {
    const weight = new Map<number, number>();
    for (const u of units) weight.set(label[u], (weight.get(label[u]) ?? 0) + graph.households[u]);
    let bestGain = 0;
    let pair: [number, number] | null = null;
    for (const u of units) {
      const g = label[u];
      if (weight.get(g)! >= min) continue;
      for (const v of graph.neighbours[u]) {
        const h = label[v];
        if (!inPart.has(v) || h === g) continue;
        const gain = bandExcess(weight.get(g)!, min, max) + bandExcess(weight.get(h)!, min, max) - bandExcess(weight.get(g)! + weight.get(h)!, min, max);
        if (gain > bestGain || (gain === bestGain && pair && gain > 0 && (g < pair[0] || (g === pair[0] && h < pair[1])))) {
          bestGain = gain;
          pair = [g, h];
        }
      }
    }
    if (!pair) return merged;
    for (const u of units) if (label[u] === pair[0]) label[u] = pair[1];
    merged = true;
  }
}

/**
 * Splits the heaviest grid in two until there are `k`: the half holding more of the grid's
 * current households keeps its label.
 */
function splitUpTo(graph: UnitGraph, units: number[], original: Int32Array, label: Int32Array, k: number, rng: () => number, newLabel: () => number): void {
  for (;;) {
    const members = new Map<number, number[]>();
    for (const u of units) members.set(label[u], [...(members.get(label[u]) ?? []), u]);
    if (members.size >= k) return;
    const weight = (us: number[]) => us.reduce((s, u) => s + graph.households[u], 0);
    const candidates = [...members].filter(([, us]) => us.length > 1).sort((a, b) => weight(b[1]) - weight(a[1]) || a[0] - b[0]);
    if (candidates.length === 0) return;
    const [l, us] = candidates[0];
    const halves = growGroups(graph, us, 2, rng);
    const stays = (h: number[]) => h.reduce((s, u) => s + (original[u] === l ? graph.households[u] : 0), 0);
    const moving = stays(halves[0]) >= stays(halves[1]) ? halves[1] : halves[0];
    const fresh = newLabel();
    for (const u of moving) label[u] = fresh;
  }
}

/** Households outside the band over all grids of a labelling: 0 when every grid is in band. */
export function totalExcess(graph: UnitGraph, units: readonly number[], label: Int32Array, min: number, max: number): number {
  const weight = new Map<number, number>();
  for (const u of units) weight.set(label[u], (weight.get(label[u]) ?? 0) + graph.households[u]);
  let e = 0;
  for (const h of weight.values()) e += bandExcess(h, min, max);
  return e;
}
