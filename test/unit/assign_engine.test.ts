import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { booleanPointInPolygon } from '@turf/turf';
import type { Polygon } from 'geojson';
import { buildCellIndex } from '../../server/domain/assign/build_cell_index.ts';
import { assignPointsToCells } from '../../server/domain/assign/assign_points_to_cells.ts';
import { AMBIGUOUS, ASSIGNED, NEAR_EDGE, ORPHAN, STATUS_NAMES, locatePoint } from '../../server/domain/assign/locate_point.ts';
import type { CellInput } from '../../server/domain/assign/flat_cells.ts';

const sq = (x0: number, y0: number, w: number, h = w): Polygon => ({
  type: 'Polygon',
  coordinates: [[[x0, y0], [x0 + w, y0], [x0 + w, y0 + h], [x0, y0 + h], [x0, y0]]],
});

/** A town T (0.02° square near 120°E 30°N), two communities, four grids; grid G4 overlaps G3 by 0.001°. */
function createCells(): CellInput[] {
  return [
    { id: 1, code: 'T', depth: 0, geometry: sq(120, 30, 0.02) },
    { id: 2, code: 'C1', depth: 1, geometry: sq(120, 30, 0.01, 0.02) },
    { id: 3, code: 'C2', depth: 1, geometry: sq(120.01, 30, 0.01, 0.02) },
    { id: 4, code: 'G1', depth: 2, geometry: sq(120, 30, 0.01) },
    { id: 5, code: 'G2', depth: 2, geometry: sq(120, 30.01, 0.01) },
    // G3 stops short of the town's north-east corner: a gap at grid level, still inside C2.
    { id: 6, code: 'G3', depth: 2, geometry: sq(120.01, 30, 0.01, 0.008) },
    { id: 7, code: 'G4', depth: 2, geometry: sq(120.01, 30.007, 0.01, 0.002) },
  ];
}

describe('the assignment engine', () => {
  const index = buildCellIndex(createCells(), { marginM: 5 });
  const code = (i: number) => (i < 0 ? null : index.cells.codes[i]);
  const cases: { name: string; at: [number, number]; cell: string | null; status: number; hits?: string[] }[] = [
    { name: 'inside a grid, far from edges', at: [120.005, 30.005], cell: 'G1', status: ASSIGNED },
    { name: 'in a gap between grids: the deepest cell holding it is the community', at: [120.015, 30.0095], cell: 'C2', status: ASSIGNED },
    { name: 'in the overlap of two grids: ambiguous, lowest code kept', at: [120.015, 30.0075], cell: 'G3', status: AMBIGUOUS, hits: ['G3', 'G4'] },
    { name: 'outside the town: an orphan', at: [120.03, 30.005], cell: null, status: ORPHAN },
    { name: 'exactly on the edge G1|G2: ambiguous with both (the boundary rule)', at: [120.005, 30.01], cell: 'G1', status: AMBIGUOUS, hits: ['G1', 'G2'] },
    { name: 'exactly on the vertex shared by G1, G2 (and C2 at community level): the grids', at: [120.01, 30.01], cell: 'G1', status: AMBIGUOUS, hits: ['G1', 'G2'] },
    { name: 'on the town\'s outer edge: inside (closed cells)', at: [120.005, 30], cell: 'G1', status: NEAR_EDGE },
    { name: '3 m from the G1|G2 edge: near_edge', at: [120.005, 30.01 - 3 / 110_850], cell: 'G1', status: NEAR_EDGE },
    { name: '8 m from the G1|G2 edge: plainly assigned', at: [120.005, 30.01 - 8 / 110_850], cell: 'G1', status: ASSIGNED },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = locatePoint(index, ...c.at);
      expect({ cell: code(r.cell), status: STATUS_NAMES[r.status] }).toEqual({ cell: c.cell, status: STATUS_NAMES[c.status] });
      if (c.hits) expect(r.hits.map(code)).toEqual(c.hits);
    });
  }

  it('measures the near-edge distance in metres: 5 m east–west is more degrees than 5 m north–south', () => {
    const mPerDegLon = 111_412.84 * Math.cos((30.005 * Math.PI) / 180) - 93.5 * Math.cos((3 * 30.005 * Math.PI) / 180);
    expect(STATUS_NAMES[locatePoint(index, 120.01 - 4.9 / mPerDegLon, 30.005).status]).toBe('near_edge');
    expect(STATUS_NAMES[locatePoint(index, 120.01 - 5.1 / mPerDegLon, 30.005).status]).toBe('assigned');
  });

  it('turns the near-edge flag off at margin 0, and widens it at 50 m', () => {
    const p: [number, number] = [120.005, 30.01 - 30 / 110_850];
    expect(STATUS_NAMES[locatePoint(buildCellIndex(createCells(), { marginM: 0 }), ...p).status]).toBe('assigned');
    expect(STATUS_NAMES[locatePoint(buildCellIndex(createCells(), { marginM: 50 }), ...p).status]).toBe('near_edge');
  });

  it('answers an empty tree with orphans', () => {
    expect(locatePoint(buildCellIndex([]), 120, 30).status).toBe(ORPHAN);
  });

  it('holds MultiPolygons with holes: a point in the hole belongs to the cell filling it', () => {
    const ring = (x0: number, y0: number, w: number) => sq(x0, y0, w).coordinates[0];
    const cells: CellInput[] = [
      { id: 1, code: 'A', depth: 1, geometry: { type: 'MultiPolygon', coordinates: [[ring(0, 0, 10), ring(4, 4, 2).reverse()], [ring(20, 0, 2)]] } },
      { id: 2, code: 'B', depth: 1, geometry: sq(4, 4, 2) },
    ];
    const idx = buildCellIndex(cells, { marginM: 0 });
    const at = (x: number, y: number) => idx.cells.codes[locatePoint(idx, x, y).cell] ?? null;
    expect([at(1, 1), at(5, 5), at(21, 1), at(15, 1)]).toEqual(['A', 'B', 'A', null]);
  });

  it('agrees with a brute-force Turf point-in-polygon over every cell on 20,000 seeded points (property)', () => {
    const rng = seedrandom('assign-engine');
    // A jittered 12×12 lattice of quadrilateral units under 4 grids under one town: shared vertices, odd angles.
    const n = 12;
    const v = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => [
      120 + (i + (i > 0 && i < n ? rng() * 0.6 - 0.3 : 0)) * 0.001,
      30 + (j + (j > 0 && j < n ? rng() * 0.6 - 0.3 : 0)) * 0.001,
    ]));
    const cells: CellInput[] = [{ id: 1, code: 'T', depth: 0, geometry: sq(120, 30, n * 0.001) }];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        cells.push({ id: cells.length + 1, code: `U${String(i).padStart(2, '0')}${String(j).padStart(2, '0')}`, depth: 1, geometry: { type: 'Polygon', coordinates: [[v[i][j], v[i + 1][j], v[i + 1][j + 1], v[i][j + 1], v[i][j]]] } });
      }
    }
    const idx = buildCellIndex(cells, { marginM: 5 });
    const N = 20_000;
    const lons = new Float64Array(N);
    const lats = new Float64Array(N);
    for (let p = 0; p < N; p++) {
      // Every tenth point is a lattice vertex: the boundary rule is exercised, not only the interiors.
      if (p % 10 === 0) [lons[p], lats[p]] = v[Math.floor(rng() * (n + 1))][Math.floor(rng() * (n + 1))];
      else [lons[p], lats[p]] = [119.9995 + rng() * (n * 0.001 + 0.001), 29.9995 + rng() * (n * 0.001 + 0.001)];
    }
    const got = assignPointsToCells(idx, lons, lats);
    const byDepth = [...cells].sort((a, b) => b.depth - a.depth || (a.code < b.code ? -1 : 1));
    let disagreements = 0;
    const statuses = new Set<number>();
    for (let p = 0; p < N; p++) {
      const hits: string[] = [];
      let depth = -1;
      for (const c of byDepth) {
        if (depth >= 0 && c.depth < depth) break;
        if (booleanPointInPolygon([lons[p], lats[p]], c.geometry)) {
          hits.push(c.code);
          depth = c.depth;
        }
      }
      const mine = got.cell[p] < 0 ? null : idx.cells.codes[got.cell[p]];
      statuses.add(got.status[p]);
      if (mine !== (hits[0] ?? null) || (hits.length > 1) !== (got.status[p] === AMBIGUOUS)) disagreements++;
    }
    expect(disagreements).toBe(0);
    expect([...statuses].sort()).toEqual([ASSIGNED, ORPHAN, AMBIGUOUS, NEAR_EDGE]);
  });
});
