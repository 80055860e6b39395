import { describe, expect, it } from 'vitest';
import { classifyPiece } from '../../server/domain/coverage/classify_piece.ts';
import type { CoverageKind } from '../../server/domain/coverage/coverage_problem.ts';
import { problemId } from '../../server/domain/coverage/problem_id.ts';
import { allowsSeveralPieces } from '../../server/domain/coverage/allows_several_pieces.ts';
import { suggestFixes } from '../../server/domain/coverage/suggest_fixes.ts';
import { inscribedWidth } from '../../server/domain/coverage/inscribed_width.ts';
import { screenParentsByEdges } from '../../server/domain/coverage/screen_parents_by_edges.ts';

const M = 111_320; // metres per degree at the equator

describe('classifyPiece', () => {
  const cases: { name: string; input: [CoverageKind, number, number]; expected: CoverageKind }[] = [
    { name: 'a thin gap is a sliver', input: ['gap', 0.3, 0.5], expected: 'sliver' },
    { name: 'a wide gap stays a gap', input: ['gap', 25, 0.5], expected: 'gap' },
    { name: 'a thin overlap is a sliver', input: ['overlap', 0.49, 0.5], expected: 'sliver' },
    { name: 'at the tolerance it is not', input: ['overlap', 0.5, 0.5], expected: 'overlap' },
    { name: 'a thin spill is a sliver', input: ['spill', 0.1, 0.5], expected: 'sliver' },
    { name: 'tolerance 0 makes no slivers', input: ['gap', 0.01, 0], expected: 'gap' },
  ];
  for (const { name, input, expected } of cases) it(name, () => expect(classifyPiece(...input)).toBe(expected));
});

describe('problemId', () => {
  it('is the same for the same kind, codes in any order and a centroid within rounding', () => {
    expect(problemId('gap', ['b', 'a'], [120.085312, 29.304208])).toBe(problemId('gap', ['a', 'b'], [120.085308, 29.304211]));
  });
  it('differs by kind, by codes and by place', () => {
    const base = problemId('gap', ['a', 'b'], [120, 29]);
    expect(problemId('overlap', ['a', 'b'], [120, 29])).not.toBe(base);
    expect(problemId('gap', ['a', 'c'], [120, 29])).not.toBe(base);
    expect(problemId('gap', ['a', 'b'], [120.001, 29])).not.toBe(base);
    expect(base).toMatch(/^gap-[0-9a-f]{16}$/);
  });
});

describe('allowsSeveralPieces', () => {
  for (const [level, kind, expected] of [
    ['unit', 'base', false], ['grid', 'base', false], ['subgrid', 'school', false],
    ['grid', 'enterprise', true], ['community', 'village', true], ['community', 'base', true], ['block', 'base', true],
  ] as const) it(`${level}/${kind} → ${expected}`, () => expect(allowsSeveralPieces(level, kind)).toBe(expected));
});

describe('suggestFixes', () => {
  const involved = [{ code: 'a', border_m: 30, area_m2: 900 }, { code: 'b', border_m: 10, area_m2: 5000 }];
  it('merges a gap into the longest border first, then the largest neighbour', () => {
    expect(suggestFixes({ kind: 'gap', involved, parentCode: 'p', toleranceM: 0.5 }).map((f) => [f.type, f.params])).toEqual([
      ['merge_gap', { into: 'a' }],
      ['merge_gap', { into: 'b' }],
    ]);
  });
  it('gives an overlap to the owner covering most of it, then offers the largest', () => {
    const owners = [{ code: 'a', border_m: 0, area_m2: 900, overlap_m2: 50 }, { code: 'b', border_m: 0, area_m2: 5000, overlap_m2: 20 }];
    expect(suggestFixes({ kind: 'overlap', involved: owners, parentCode: 'p', toleranceM: 0.5 }).map((f) => f.params)).toEqual([{ keep: 'a' }, { keep: 'b' }]);
  });
  it('snaps a sliver first, and still offers the fix of what it is a thin case of', () => {
    expect(suggestFixes({ kind: 'sliver', sliverOf: 'gap', involved, parentCode: 'p', toleranceM: 0.5 }).map((f) => f.type)).toEqual(['snap_sliver', 'merge_gap', 'merge_gap']);
    expect(suggestFixes({ kind: 'sliver', sliverOf: 'spill', involved: [involved[0]], parentCode: 'p', toleranceM: 0.5 }).map((f) => f.type)).toEqual(['snap_sliver', 'clip_spill']);
  });
  it('clips a spill, makes an invalid area valid, and offers nothing for an orphan', () => {
    expect(suggestFixes({ kind: 'spill', involved: [involved[0]], parentCode: 'p', toleranceM: 0.5 }).map((f) => f.type)).toEqual(['clip_spill']);
    expect(suggestFixes({ kind: 'invalid', involved: [involved[0]], parentCode: null, toleranceM: 0 }).map((f) => f.type)).toEqual(['make_valid']);
    expect(suggestFixes({ kind: 'orphan', involved: [], parentCode: null, toleranceM: 0 })).toEqual([]);
  });
});

describe('inscribedWidth', () => {
  const rect = (w: number, h: number) => [[[0, 0], [w / M, 0], [w / M, h / M], [0, h / M], [0, 0]]];
  for (const { name, rings, expected } of [
    { name: 'a 100 m × 0.3 m strip', rings: rect(100, 0.3), expected: 0.3 },
    { name: 'a 10 m square', rings: rect(10, 10), expected: 10 },
    { name: 'a 3-4-5 right triangle (inradius 1 m)', rings: [[[0, 0], [4 / M, 0], [0, 3 / M], [0, 0]]], expected: 2 },
    { name: 'a 10 m square with a 6 m hole: a circle in a corner of the 2 m frame (4√2/(1+√2) m)', rings: [rect(10, 10)[0], [[2 / M, 2 / M], [2 / M, 8 / M], [8 / M, 8 / M], [8 / M, 2 / M], [2 / M, 2 / M]]], expected: (4 * Math.SQRT2) / (1 + Math.SQRT2) },
  ]) it(name, () => expect(inscribedWidth(rings)).toBeCloseTo(expected, 1));
  it('answers an upper bound below the floor without searching', () => {
    expect(inscribedWidth(rect(50, 0.0005), { floorM: 0.002 })).toBeLessThan(0.002);
  });
});

describe('screenParentsByEdges', () => {
  const sq = (x: number, y: number) => [[[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]]];
  const outline = [[[[0, 0], [1, 0], [2, 0], [2, 1], [1, 1], [0, 1], [0, 0]]]];
  it('passes a parent tiled edge for edge and returns one that is not, with the box to look in', () => {
    const areas = [
      { id: 1, parentId: null, level: 'town', valid: true, coords: outline },
      { id: 2, parentId: 1, level: 'grid', valid: true, coords: sq(0, 0) },
      { id: 3, parentId: 1, level: 'grid', valid: true, coords: sq(1, 0) },
    ];
    expect(screenParentsByEdges(areas)).toEqual([]);
    expect(screenParentsByEdges(areas.slice(0, 2))).toEqual([{ id: 1, childLevel: 'grid', unmatched: 4, bbox: [1, 0, 2, 1] }]);
  });
  it('always returns a parent with an invalid child, to be looked at whole', () => {
    const areas = [
      { id: 1, parentId: null, level: 'town', valid: true, coords: outline },
      { id: 2, parentId: 1, level: 'grid', valid: false, coords: sq(0, 0) },
      { id: 3, parentId: 1, level: 'grid', valid: true, coords: sq(1, 0) },
    ];
    expect(screenParentsByEdges(areas)).toEqual([{ id: 1, childLevel: 'grid', unmatched: Infinity, bbox: null }]);
  });
  it('skips parents whose children are not of the levels asked for', () => {
    const areas = [{ id: 1, parentId: null, level: 'town', valid: true, coords: outline }, { id: 2, parentId: 1, level: 'grid', valid: true, coords: sq(0, 0) }];
    expect(screenParentsByEdges(areas, new Set(['unit']))).toEqual([]);
  });
});
