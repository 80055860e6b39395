import { describe, expect, it } from 'vitest';
import { createRandomTiling } from '../../scripts/synthetic/create_random_tiling.ts';
import { proposeRebalance } from '../../server/domain/sizing/propose_rebalance.ts';
import { proposeSplit } from '../../server/domain/sizing/propose_split.ts';
import { proposeMerge } from '../../server/domain/sizing/propose_merge.ts';
import { buildUnitGraph } from '../../server/domain/sizing/unit_graph.ts';
import { isContiguous } from '../../server/domain/sizing/connected_parts.ts';
import { describeGroup } from '../../server/domain/sizing/describe_group.ts';
import type { SizingProposal } from '../../server/domain/sizing/sizing_proposal.ts';
import type { SizingScope, ScopeUnit } from '../../server/domain/sizing/sizing_scope.ts';

const BAND = { min: 200, max: 400 };

/**
 * A lattice of 100 m squares, `rows` strings of household counts separated by spaces ('.' is no
 * unit: a hole), one community, each unit in the grid named by `grids` (same shape) or none.
 */
function createLattice(households: string[], grids?: string[]): SizingScope {
  const units: ScopeUnit[] = [];
  const at = new Map<string, string>();
  households.forEach((row, r) =>
    row.split(/\s+/).forEach((h, c) => {
      if (h === '.') return;
      const code = `U${r}_${c}`;
      at.set(`${r},${c}`, code);
      const grid = grids ? grids[r].split(/\s+/)[c] : null;
      units.push({ code, households: Number(h), areaM2: 10_000, perimeterM: 400, lon: 120 + c * 0.001, lat: 30 - r * 0.0009, grid, container: 'C' });
    }),
  );
  const adjacency = [];
  for (const [key, code] of at) {
    const [r, c] = key.split(',').map(Number);
    for (const [dr, dc] of [[0, 1], [1, 0]]) {
      const other = at.get(`${r + dr},${c + dc}`);
      if (other) adjacency.push({ a: code, b: other, length: 100 });
    }
  }
  const gridCodes = [...new Set(units.map((u) => u.grid).filter((g): g is string => g !== null))];
  return {
    units,
    adjacency,
    grids: gridCodes.map((g) => ({ code: g, name: g, kind: g.startsWith('S') ? 'school' : 'base', container: 'C', fixed: g.startsWith('S') })),
    containers: [{ code: 'C', name: '社区C' }],
    takenCodes: new Set(units.map((u) => u.code)),
  };
}

/** Independent of the domain's own helpers: breadth first over the scope's adjacency list. */
function contiguous(scope: SizingScope, codes: string[]): boolean {
  const set = new Set(codes);
  const nb = new Map<string, string[]>();
  for (const e of scope.adjacency) {
    if (!(e.length > 0)) continue;
    nb.set(e.a, [...(nb.get(e.a) ?? []), e.b]);
    nb.set(e.b, [...(nb.get(e.b) ?? []), e.a]);
  }
  const seen = new Set([codes[0]]);
  const queue = [codes[0]];
  while (queue.length) {
    for (const v of nb.get(queue.pop()!) ?? []) {
      if (!set.has(v) || seen.has(v)) continue;
      seen.add(v);
      queue.push(v);
    }
  }
  return seen.size === set.size;
}

/** The invariants every proposal must keep, whatever it proposes. */
function checkInvariants(scope: SizingScope, p: SizingProposal, unitsCovered: string[]) {
  const unit = new Map(scope.units.map((u) => [u.code, u]));
  // Whole units, each exactly once.
  const listed = p.grids.flatMap((g) => g.units).sort();
  expect(listed).toEqual([...unitsCovered].sort());
  expect(p.assignments.map((a) => a.unit_code).sort()).toEqual(listed);
  for (const g of p.grids) {
    expect(contiguous(scope, g.units), `grid ${g.code} is not contiguous`).toBe(true);
    expect(g.contiguous).toBe(true);
    expect(new Set(g.units.map((c) => unit.get(c)!.container)), `grid ${g.code} crosses communities`).toEqual(new Set([g.container]));
    expect(g.households).toBe(g.units.reduce((s, c) => s + unit.get(c)!.households, 0));
    expect(g.polsby_popper).toBeGreaterThan(0);
    expect(g.polsby_popper).toBeLessThanOrEqual(1);
  }
  // In band, except where the reasons say why.
  const explained = new Set(p.reasons.flatMap((r) => r.grids));
  for (const g of p.grids) if (!g.kept && g.status !== 'within') expect(explained.has(g.code), `grid ${g.code} (${g.households}) out of band, unexplained`).toBe(true);
  expect(p.feasible).toBe(p.grids.every((g) => g.kept || g.status === 'within'));
  // Dedicated grids untouched.
  for (const g of scope.grids.filter((x) => x.fixed)) {
    const before = scope.units.filter((u) => u.grid === g.code).map((u) => u.code).sort();
    if (before.some((c) => unitsCovered.includes(c))) expect(p.grids.find((x) => x.code === g.code)!.units).toEqual(before);
  }
  // Moves are what the assignments say.
  const moved = p.assignments.filter((a) => a.from_grid !== null && a.from_grid !== a.to_grid);
  expect(p.moved).toEqual({ units: moved.length, households: moved.reduce((s, a) => s + unit.get(a.unit_code)!.households, 0) });
}

describe('contiguity is by shared border, not by corners', () => {
  it('two squares meeting at a corner are not contiguous; a third that borders both joins them', () => {
    const scope = createLattice(['1 1', '1 1']);
    const g = buildUnitGraph(scope.units, scope.adjacency);
    const idx = (c: string) => g.codes.indexOf(c);
    expect(isContiguous(g, [idx('U0_0'), idx('U1_1')])).toBe(false);
    expect(isContiguous(g, [idx('U0_0'), idx('U0_1'), idx('U1_1')])).toBe(true);
    expect(buildUnitGraph(scope.units, [{ a: 'U0_0', b: 'U1_1', length: 0 }]).neighbours[idx('U0_0')]).toEqual([]);
  });

  it('measures a group\'s outline from shared borders', () => {
    const scope = createLattice(['1 1 1']);
    const f = describeGroup(buildUnitGraph(scope.units, scope.adjacency), [0, 1, 2]);
    expect(f.perimeterM).toBe(800);
    expect(f.polsbyPopper).toBeCloseTo((4 * Math.PI * 30_000) / 800 ** 2, 3);
  });
});

describe('proposals on hand-made lattices', () => {
  it('splits an over-full strip into two even, contiguous grids in band, one keeping the code', () => {
    const scope = createLattice(['100 100 100 100 100 100'], ['G01 G01 G01 G01 G01 G01']);
    const p = proposeSplit(scope, 'G01', { root: 'C', band: BAND, seed: 's' });
    checkInvariants(scope, p, scope.units.map((u) => u.code));
    expect(p.feasible).toBe(true);
    expect(p.grids.map((g) => g.households).sort()).toEqual([300, 300]);
    expect(p.grids.filter((g) => !g.new).map((g) => g.code)).toEqual(['G01']);
    expect(p.grids.find((g) => g.new)!.code).toBe('C01'); // the community's first code: G01 is not numbered under C
  });

  it('merges an under-full grid with the neighbour that keeps it in band, not the one that overfills', () => {
    const scope = createLattice(['50 50 150 150 150 150', '.  .  .   .   300 .'], ['A A B B C C', '. . . . D .']);
    const p = proposeMerge(scope, 'A', { root: 'C', band: BAND, seed: 's' });
    expect(p.feasible).toBe(true);
    expect(p.removed_grids).toEqual(['A']);
    expect(p.grids).toHaveLength(1);
    expect(p.grids[0]).toMatchObject({ code: 'B', households: 400, status: 'within' });
    expect(p.moved).toEqual({ units: 2, households: 100 });
  });

  it('says why when no neighbour keeps a merge in band, and proposes the closest', () => {
    const scope = createLattice(['100 390'], ['A B']);
    const p = proposeMerge(scope, 'A', { root: 'C', band: BAND, seed: 's' });
    expect(p.feasible).toBe(false);
    expect(p.reasons.map((r) => r.cause)).toEqual(['no_merge_fits']);
    expect(p.reasons[0].message).toMatch(/with B: 490/);
    expect(p.grids[0].households).toBe(490);
  });

  it('says a grid with no base neighbour cannot be merged', () => {
    const scope = createLattice(['100 0'], ['A S1']);
    const p = proposeMerge(scope, 'A', { root: 'C', band: BAND, seed: 's' });
    expect(p.reasons.map((r) => r.cause)).toEqual(['no_neighbour']);
    expect(p.feasible).toBe(false);
  });

  it('rebalances a community into grids in band, moving few households, keeping the school', () => {
    const scope = createLattice(
      ['50 50 50 50 50 50', '50 50 50 50 50 50', '50 0 50 50 50 50'],
      ['A  A  A  A  A  B', 'A  A  A  B  B  B', 'A  S1 C  C  C  B'],
    );
    const p = proposeRebalance(scope, { root: 'C', band: BAND, seed: 's' });
    checkInvariants(scope, p, scope.units.map((u) => u.code));
    expect(p.feasible).toBe(true);
    expect(p.grids.find((g) => g.code === 'S1')).toMatchObject({ kept: true, status: 'exempt', units: ['U2_1'] });
    // A held 350 (7 units), B 250, C 150: C needs a unit; one 50-household move can do it.
    expect(p.moved.households).toBe(50);
  });

  it('explains what cannot be fixed: too few households, an isolated unit, a unit over the band, no count that fits', () => {
    const few = createLattice(['50 50 50'], ['A A A']);
    const p1 = proposeRebalance(few, { root: 'C', band: BAND, seed: 's' });
    expect(p1.feasible).toBe(false);
    expect(p1.reasons.map((r) => r.cause)).toEqual(['too_few']);
    expect(p1.grids).toHaveLength(1);

    const island = createLattice(['100 100 100 . 60'], ['A A A . A']);
    const p2 = proposeRebalance(island, { root: 'C', band: BAND, seed: 's' });
    checkInvariants(island, p2, island.units.map((u) => u.code));
    expect(p2.reasons.map((r) => r.cause)).toEqual(['isolated']);
    expect(p2.reasons[0].units).toEqual(['U0_4']);
    expect(p2.grids.find((g) => g.units.includes('U0_0'))!.status).toBe('within');

    const big = createLattice(['450 100 100'], ['A A A']);
    const p3 = proposeRebalance(big, { root: 'C', band: BAND, seed: 's' });
    checkInvariants(big, p3, big.units.map((u) => u.code));
    expect(p3.reasons.map((r) => r.cause)).toContain('unit_over');

    const tight = createLattice(['150 150 150'], ['A A A']);
    const p4 = proposeRebalance(tight, { root: 'C', band: { min: 300, max: 400 }, seed: 's' });
    expect(p4.reasons.map((r) => r.cause)).toEqual(['no_count_fits']);
  });
});

describe('seeded property tests on random tilings', () => {
  const seeds = ['t1', 't2', 't3', 't4', 't5', 't6'];

  it.each(seeds)('rebalance of two communities with lakes and dedicated grids (seed %s)', (seed) => {
    const scope = createRandomTiling(seed, { cols: 18, rows: 12, communities: 2, holes: 0.06, dedicated: 1 });
    const p = proposeRebalance(scope, { root: 'T', band: BAND, seed: 'x' });
    checkInvariants(scope, p, scope.units.map((u) => u.code));
    // The only excuses a random tiling can have are cut-off pieces or too few households.
    for (const r of p.reasons) expect(['isolated', 'too_few', 'no_count_fits']).toContain(r.cause);
    expect(p.grids.filter((g) => !g.kept && g.status === 'within').length).toBeGreaterThan(p.grids.length * 0.8);
    const again = proposeRebalance(scope, { root: 'T', band: BAND, seed: 'x' });
    expect(again.assignments).toEqual(p.assignments);
  });

  it.each(seeds)('grouping an ungridded area from scratch (seed %s)', (seed) => {
    const scope = createRandomTiling(seed, { cols: 16, rows: 10, communities: 1, ungridded: true });
    const p = proposeRebalance(scope, { root: 'T', band: BAND, seed: 'x' });
    checkInvariants(scope, p, scope.units.map((u) => u.code));
    expect(p.feasible).toBe(true);
    expect(p.moved).toEqual({ units: 0, households: 0 });
    expect(p.grids.every((g) => g.new)).toBe(true);
  });

  it.each(seeds)('split of every over-full grid and merge of every under-full one (seed %s)', (seed) => {
    const scope = createRandomTiling(seed, { cols: 18, rows: 12, communities: 1 });
    const weight = (g: string) => scope.units.filter((u) => u.grid === g).reduce((s, u) => s + u.households, 0);
    for (const g of scope.grids.filter((x) => weight(x.code) > BAND.max)) {
      const p = proposeSplit(scope, g.code, { root: 'T', band: BAND, seed: 'x' });
      checkInvariants(scope, p, scope.units.filter((u) => u.grid === g.code).map((u) => u.code));
      expect(p.grids.length).toBeGreaterThanOrEqual(2);
      if (weight(g.code) >= 2 * BAND.min) expect(p.feasible, `split of ${g.code} (${weight(g.code)})`).toBe(true);
    }
    for (const g of scope.grids.filter((x) => weight(x.code) < BAND.min)) {
      const p = proposeMerge(scope, g.code, { root: 'T', band: BAND, seed: 'x' });
      if (p.grids[0].units.length > scope.units.filter((u) => u.grid === g.code).length) {
        checkInvariants(scope, p, p.grids[0].units);
        expect(p.removed_grids).toHaveLength(1);
      }
      if (!p.feasible) expect(p.reasons.length).toBeGreaterThan(0);
    }
  });
});
