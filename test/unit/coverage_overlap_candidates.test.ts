import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { area, intersect, featureCollection, polygon } from '@turf/turf';
import type { Position } from 'geojson';
import { findOverlapCandidates, type OverlapChild } from '../../server/domain/coverage/find_overlap_candidates.ts';
import { readWkbPolygons } from '../../server/domain/coverage/read_wkb_polygons.ts';

// Shapes near Cambridge, MA, so that coordinates carry the same digits as real data.
const X0 = -71.1;
const Y0 = 42.37;
const at = (ring: [number, number][], dx = 0, dy = 0): Position[] => ring.map(([x, y]) => [X0 + (x + dx) * 1e-4, Y0 + (y + dy) * 1e-4]);
const child = (id: number, ...rings: [number, number][][]): OverlapChild => ({ id, coords: [rings.map((r) => at(r))] });
const square = (id: number, x: number, y: number, s = 1): OverlapChild => child(id, [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]);

describe('findOverlapCandidates', () => {
  const cases: { name: string; children: OverlapChild[]; expected: [number, number][] }[] = [
    { name: 'neighbours sharing an edge do not overlap', children: [square(1, 0, 0), square(2, 1, 0)], expected: [] },
    { name: 'a T-junction (a vertex on the neighbour\'s edge) is not an overlap', children: [square(1, 0, 0), square(2, 1, 0.5), square(3, 1, -0.5)], expected: [] },
    { name: 'corners touching at one point do not overlap', children: [square(1, 0, 0), square(2, 1, 1)], expected: [] },
    { name: 'crossing edges overlap', children: [square(1, 0, 0), square(2, 0.5, 0.5)], expected: [[1, 2]] },
    { name: 'the same polygon twice overlaps', children: [square(1, 0, 0), square(2, 0, 0)], expected: [[1, 2]] },
    { name: 'a polygon inside another, touching nothing, overlaps', children: [square(1, 0, 0, 3), square(2, 1, 1)], expected: [[1, 2]] },
    { name: 'a polygon inside another along its edge overlaps', children: [square(1, 0, 0, 3), square(2, 0, 0)], expected: [[1, 2]] },
    {
      // No crossing and no vertex strictly inside: only the cut edge's middle gives it away.
      name: 'a triangle whose edge is the square\'s diagonal overlaps',
      children: [square(1, 0, 0), child(2, [[0, 0], [2, 0], [1, 1], [0, 0]])],
      expected: [[1, 2]],
    },
    {
      name: 'an island filling a hole exactly does not overlap the polygon around it',
      children: [child(1, [[0, 0], [3, 0], [3, 3], [0, 3], [0, 0]], [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]]), square(2, 1, 1)],
      expected: [],
    },
    {
      name: 'an island larger than the hole overlaps',
      children: [child(1, [[0, 0], [3, 0], [3, 3], [0, 3], [0, 0]], [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]]), square(2, 0.9, 0.9, 1.2)],
      expected: [[1, 2]],
    },
    {
      // 1e-13°: a hair a hundred times thinner than the screen's ε, far below any overlay noise.
      name: 'a vertex inside the neighbour by less than ε is a touch',
      children: [square(1, 0, 0), child(2, [[1 - 1e-9, 0.5], [2, 0], [2, 1], [1 - 1e-9, 0.5]])],
      expected: [],
    },
    {
      name: 'a vertex inside the neighbour by more than ε is an overlap',
      children: [square(1, 0, 0), child(2, [[1 - 1e-5, 0.5], [2, 0], [2, 1], [1 - 1e-5, 0.5]])],
      expected: [[1, 2]],
    },
  ];
  for (const { name, children, expected } of cases) it(name, () => expect(findOverlapCandidates(children)).toEqual(expected));

  it('keeps only children reaching into the box', () => {
    const children = [square(1, 0, 0), square(2, 0.5, 0.5), square(3, 10, 10), square(4, 10.5, 10.5)];
    expect(findOverlapCandidates(children)).toEqual([[1, 2], [3, 4]]);
    expect(findOverlapCandidates(children, [X0 + 9e-4, Y0 + 9e-4, X0 + 12e-4, Y0 + 12e-4])).toEqual([[3, 4]]);
  });

  // Seeded: a lattice of squares (shared edges everywhere) with random vertices pushed, and
  // random triangles dropped on it. The screen must keep every pair that turf finds overlapping
  // and, the shapes being in general position, nothing else.
  for (const seed of ['screen-a', 'screen-b', 'screen-c']) {
    it(`agrees with turf's intersection on a jittered lattice (seed ${seed})`, () => {
      const random = seedrandom(seed);
      const n = 8;
      const grid: [number, number][][] = [];
      for (let i = 0; i <= n; i++) {
        grid.push([]);
        for (let j = 0; j <= n; j++) grid[i].push([i, j]);
      }
      // Move a few lattice vertices for one square only (a push makes an overlap or a gap).
      const children: OverlapChild[] = [];
      let id = 1;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const ring: [number, number][] = [grid[i][j], grid[i + 1][j], grid[i + 1][j + 1], grid[i][j + 1]].map(([x, y]) => [x, y]);
          if (random() < 0.15) {
            const k = Math.floor(random() * 4);
            ring[k] = [ring[k][0] + (random() - 0.5) * 0.6, ring[k][1] + (random() - 0.5) * 0.6];
          }
          children.push(child(id++, [...ring, ring[0]]));
        }
      }
      for (let t = 0; t < 6; t++) {
        const [x, y] = [random() * n, random() * n];
        children.push(child(id++, [[x, y], [x + random() * 2, y + random() * 0.5], [x + random(), y + random() * 2], [x, y]]));
      }
      const truth: [number, number][] = [];
      for (let a = 0; a < children.length; a++) {
        for (let b = a + 1; b < children.length; b++) {
          const pa = polygon(children[a].coords[0]);
          const pb = polygon(children[b].coords[0]);
          const common = intersect(featureCollection([pa, pb]));
          if (common && area(common) > 1e-6) truth.push([children[a].id, children[b].id]);
        }
      }
      expect(truth.length).toBeGreaterThan(5);
      expect(findOverlapCandidates(children)).toEqual(truth);
    });
  }
});

describe('readWkbPolygons', () => {
  it('reads a little-endian MultiPolygon with a hole, exactly, and says where it ends', () => {
    const rings = [
      [[0.1, 0.2], [3.3, 0.2], [3.3, 3.7], [0.1, 0.2]],
      [[1, 1], [2, 1.5], [1.5, 2], [1, 1]],
    ];
    const parts: number[] = [];
    const bytes: number[] = [];
    const u8 = (v: number) => bytes.push(v);
    const u32 = (v: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(v); bytes.push(...b); };
    const f64 = (v: number) => { const b = Buffer.alloc(8); b.writeDoubleLE(v); bytes.push(...b); };
    u8(1); u32(6); u32(1);
    u8(1); u32(3); u32(rings.length);
    for (const r of rings) { u32(r.length); for (const [x, y] of r) { f64(x); f64(y); parts.push(x, y); } }
    const wkb = Uint8Array.from([9, 9, ...bytes, 7]);
    const { coordinates, end } = readWkbPolygons(wkb, 2);
    expect(coordinates).toEqual([rings]);
    expect(end).toBe(2 + bytes.length);
  });

  it('refuses what is not a polygon', () => {
    const point = Uint8Array.from([1, 1, 0, 0, 0, ...new Array(16).fill(0)]);
    expect(() => readWkbPolygons(point)).toThrow(/not a 2D Polygon/);
  });
});
