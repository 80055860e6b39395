/**
 * npm run bench -- rebalance [--units 1000] [--seed bench] [--skip-town]
 *
 * Prints, in one run:
 *   1. a community of `--units` units (a seeded random Voronoi tiling, scripts/synthetic/
 *      create_random_tiling.ts, with current grids most of them in 200–400, some not, and two
 *      dedicated grids) rebalanced by the project's method (proposeRebalance: keep current grids,
 *      anneal) beside two greedy baselines: "greedy repair" (the same start, steepest descent
 *      only, no annealing) and "greedy fill" (regroup from scratch, breadth first, each grid
 *      filled to the band, leftovers merged into a neighbour; then each new grid takes the code of
 *      the current grid it shares most households with). For each: time, grids in band, households
 *      moved, mean Polsby-Popper.
 *   2. the demo town (1,610 units, 145 grids) rebalanced end to end through the service
 *      (load from PostGIS, plan, unions), on a fresh embedded database, with the greedy repair
 *      beside it: cold (each the first request after the database is opened again) and warm.
 */
import { parseArgs } from 'node:util';
import { createRandomTiling } from '../synthetic/create_random_tiling.ts';
import { proposeRebalance } from '../../server/domain/sizing/propose_rebalance.ts';
import { buildUnitGraph, type UnitGraph } from '../../server/domain/sizing/unit_graph.ts';
import { describeGroup } from '../../server/domain/sizing/describe_group.ts';
import { bandExcess } from '../../server/domain/sizing/band_status.ts';
import type { SizingScope } from '../../server/domain/sizing/sizing_scope.ts';
import { createBenchLocation } from './open_bench_db.ts';
import { openDatabase } from '../../server/db/open_database.ts';
import { loadDemoTown } from '../../server/services/load_demo_town.ts';
import { proposeSizingChange } from '../../server/services/propose_sizing_change.ts';

const { values: opt } = parseArgs({
  options: { units: { type: 'string', default: '1000' }, seed: { type: 'string', default: 'bench' }, 'skip-town': { type: 'boolean', default: false } },
});
const BAND = { min: 200, max: 400 };
const log = (m: string) => console.log(`[bench rebalance] ${m}`);

// ---- 1. one community of --units units
const n = Number(opt.units);
const cols = Math.round(Math.sqrt(n * 1.6));
const scope = createRandomTiling(opt.seed!, { cols, rows: Math.round(n / cols), communities: 1, holes: 0.02, dedicated: 2 });
const total = scope.units.reduce((s, u) => s + u.households, 0);
const gridH = new Map<string, number>();
for (const u of scope.units) if (u.grid) gridH.set(u.grid, (gridH.get(u.grid) ?? 0) + u.households);
const base = scope.grids.filter((g) => !g.fixed);
log(`community: ${scope.units.length} units, ${total.toLocaleString('en')} households, ${base.length} base grids ` +
  `(${base.filter((g) => bandExcess(gridH.get(g.code) ?? 0, BAND.min, BAND.max) === 0).length} in band) + ${scope.grids.length - base.length} dedicated`);

const row = (name: string, ms: number, grids: { households: number; polsby_popper: number; kept: boolean }[], moved: number) => {
  const b = grids.filter((g) => !g.kept);
  const inBand = b.filter((g) => bandExcess(g.households, BAND.min, BAND.max) === 0).length;
  const pp = b.reduce((s, g) => s + g.polsby_popper, 0) / b.length;
  log(`${name.padEnd(30)} ${String(Math.round(ms)).padStart(6)} ms   in band ${inBand}/${b.length}   moved ${String(moved).padStart(6)} households (${((moved / total) * 100).toFixed(1)}%)   mean PP ${pp.toFixed(3)}`);
};

for (const [name, iterationsPerUnit] of [['anneal (the project\'s method)', undefined], ['greedy repair (baseline)', 0]] as const) {
  const t0 = performance.now();
  const p = proposeRebalance(scope, { root: 'C1', band: BAND, seed: 'bench', iterationsPerUnit });
  row(name, performance.now() - t0, p.grids, p.moved.households);
}
{
  const t0 = performance.now();
  const { grids, moved } = greedyFill(scope);
  row('greedy fill (baseline)', performance.now() - t0, grids, moved);
}

// ---- 2. the demo town, end to end
if (!opt['skip-town']) {
  const place = await createBenchLocation('rebalance');
  let db = await openDatabase(place.location);
  try {
    log(`loading the demo town into a fresh database (${place.label})…`);
    await loadDemoTown(db);
    // Cold: each method alone, the first request after the database is opened again (PGlite's
    // cold caches: spheroid functions, plans). Warm: each again, in the same process.
    const methods = [['anneal (the service)', undefined], ['greedy repair (baseline)', 0]] as const;
    const runs = [
      ...methods.map(([name, it]) => [`town, cold: ${name}`, it, true] as const),
      ...methods.map(([name, it]) => [`town, warm: ${name}`, it, false] as const),
    ];
    for (const [name, iterationsPerUnit, reopen] of runs) {
      if (reopen) {
        await db.close();
        db = await openDatabase(place.location);
      }
      const t0 = performance.now();
      const p = await proposeSizingChange(db, { root: '330782101', kind: 'rebalance', seed: 'bench', iterationsPerUnit, store: false });
      const ms = performance.now() - t0;
      const b = p.grids.filter((g) => !g.kept);
      log(`${name.padEnd(40)} ${String(Math.round(ms)).padStart(6)} ms (load ${p.timing_ms.load}, plan ${p.timing_ms.plan}, unions ${p.timing_ms.geometry})   ` +
        `in band ${b.filter((g) => g.status === 'within').length}/${b.length}   moved ${p.moved.households} households in ${p.moved.units} units   ` +
        `mean PP ${(b.reduce((s, g) => s + g.polsby_popper, 0) / b.length).toFixed(3)}`);
    }
  } finally {
    await db.close();
    await place.drop();
  }
}

/**
 * The from-scratch greedy baseline: per community, units west to east; each grid starts at the
 * first free unit and takes the free neighbour nearest its start while it stays at or under the
 * maximum, until it reaches the minimum or has no neighbour left; under-full leftovers join their
 * lightest neighbour. New grids then take the codes of the current grids they overlap most.
 */
function greedyFill(s: SizingScope): { grids: { households: number; polsby_popper: number; kept: boolean }[]; moved: number } {
  const g: UnitGraph = buildUnitGraph(s.units, s.adjacency);
  const fixed = new Set(s.grids.filter((x) => x.fixed).map((x) => x.code));
  const label = new Int32Array(s.units.length).fill(-1);
  let next = 0;
  const order = s.units.map((_, i) => i).filter((i) => !fixed.has(s.units[i].grid ?? '')).sort((a, b) => g.x[a] - g.x[b] || g.y[a] - g.y[b]);
  const weight: number[] = [];
  for (const start of order) {
    if (label[start] >= 0) continue;
    const l = next++;
    label[start] = l;
    let h = g.households[start];
    const members = [start];
    while (h < BAND.min) {
      let pick = -1;
      let best = Infinity;
      for (const u of members) {
        for (const v of g.neighbours[u]) {
          if (label[v] >= 0 || fixed.has(s.units[v].grid ?? '') || s.units[v].container !== s.units[start].container || h + g.households[v] > BAND.max) continue;
          const d = (g.x[v] - g.x[start]) ** 2 + (g.y[v] - g.y[start]) ** 2;
          if (d < best) {
            best = d;
            pick = v;
          }
        }
      }
      if (pick < 0) break;
      label[pick] = l;
      members.push(pick);
      h += g.households[pick];
    }
    weight[l] = h;
  }
  for (let l = 0; l < next; l++) {
    if (weight[l] >= BAND.min || weight[l] === undefined) continue;
    let into = -1;
    for (const u of order) {
      if (label[u] !== l) continue;
      for (const v of g.neighbours[u]) if (label[v] >= 0 && label[v] !== l && (into < 0 || weight[label[v]] < weight[into])) into = label[v];
    }
    if (into < 0) continue;
    for (const u of order) if (label[u] === l) label[u] = into;
    weight[into] += weight[l];
    weight[l] = 0;
  }
  const groups = new Map<number, number[]>();
  for (const u of order) groups.set(label[u], [...(groups.get(label[u]) ?? []), u]);
  // Match each new grid to the current grid it shares most households with, one to one.
  const overlaps: [number, string, number][] = [];
  for (const [l, us] of groups) {
    const by = new Map<string, number>();
    for (const u of us) if (s.units[u].grid) by.set(s.units[u].grid!, (by.get(s.units[u].grid!) ?? 0) + g.households[u]);
    for (const [code, h] of by) overlaps.push([l, code, h]);
  }
  overlaps.sort((a, b) => b[2] - a[2]);
  const codeOf = new Map<number, string>();
  const usedCodes = new Set<string>();
  for (const [l, code] of overlaps) {
    if (codeOf.has(l) || usedCodes.has(code)) continue;
    codeOf.set(l, code);
    usedCodes.add(code);
  }
  let moved = 0;
  for (const u of order) if (s.units[u].grid && codeOf.get(label[u]) !== s.units[u].grid) moved += g.households[u];
  return { grids: [...groups.values()].map((us) => ({ households: describeGroup(g, us).households, polsby_popper: describeGroup(g, us).polsbyPopper, kept: false })), moved };
}
