import { describe, expect, it } from 'vitest';
import { formatArea, problemLines, tallyRow, tallyRows } from '../../web/planner/tally_rows.ts';
import type { Check, CheckCell } from '../../web/planner/plan_types.ts';

const createCell = (code: string, over: Partial<CheckCell> = {}): CheckCell => ({
  code,
  name: `网格${code.slice(-2)}`,
  level: 'grid',
  households: 300,
  people: 820,
  facilities: 2,
  band: { min: 200, max: 400 },
  status: 'within',
  deviation: 0,
  deviation_pct: 0,
  ...over,
});
const problem = (kind: string, props: Record<string, unknown>): GeoJSON.Feature => ({
  type: 'Feature',
  geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] },
  properties: { kind, ...props },
});

describe('tallyRow', () => {
  it.each([
    { name: 'within', cell: createCell('01'), expected: { households: '300', band: '200–400', deviation: '0', status: 'within' } },
    { name: 'over', cell: createCell('02', { households: 436, deviation: 36, deviation_pct: 9, status: 'over' }), expected: { households: '436', deviation: '+36 (+9.0%)', status: 'over' } },
    { name: 'under, with a true minus', cell: createCell('03', { households: 150, deviation: -50, deviation_pct: -25, status: 'under' }), expected: { deviation: '−50 (−25.0%)', status: 'under' } },
    { name: 'thousands grouped', cell: createCell('04', { households: 1204, people: 3120, deviation: 804, deviation_pct: 201, status: 'over' }), expected: { households: '1,204', people: '3,120', deviation: '+804 (+201.0%)' } },
    { name: 'open-ended band, no percentage', cell: createCell('06', { band: { min: 200, max: null }, households: 150, deviation: -50, deviation_pct: null, status: 'under' }), expected: { band: '≥ 200', deviation: '−50' } },
    { name: 'no rule for this level', cell: createCell('07', { band: null, status: 'no_rule' }), expected: { band: '—', deviation: '—', status: 'no_rule' } },
    { name: 'exempt (dedicated grid)', cell: createCell('05', { band: null, status: 'exempt', households: 540 }), expected: { band: '—', deviation: '—', status: 'exempt' } },
  ])('$name', ({ cell, expected }) => {
    expect(tallyRow(cell)).toMatchObject(expected);
  });
});

describe('tallyRows', () => {
  it('puts the touched cells first, in the order the edit touched them, then the rest by code', () => {
    const check: Check = { cells: [createCell('b'), createCell('a'), createCell('c'), createCell('d')], problems: { type: 'FeatureCollection', features: [] }, ms: 12 };
    expect(tallyRows(check, ['c', 'a']).map((r) => r.code)).toEqual(['c', 'a', 'b', 'd']);
    expect(tallyRows(check).map((r) => r.code)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('leaves out the levels the panel only counts (units moved by a split)', () => {
    const check: Check = { cells: [createCell('g1'), createCell('g1001', { level: 'unit', band: null, status: 'no_rule' }), createCell('g2')], problems: { type: 'FeatureCollection', features: [] }, ms: 3 };
    expect(tallyRows(check, ['g1', 'g1001', 'g2'], ['unit']).map((r) => r.code)).toEqual(['g1', 'g2']);
  });
});

describe('problemLines', () => {
  it('groups by kind, sums area and households, names each cell once, most households first', () => {
    const fc: GeoJSON.FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        problem('gap', { area_m2: 12, households: 0, areas: [{ code: 'A', name: '甲' }, { code: 'B', name: '乙' }] }),
        problem('gap', { area_m2: 3, households: 0, areas: [{ code: 'B', name: '乙' }, { code: 'C', name: '' }] }),
        problem('spill', { area_m2: 40, households: 5, areas: [{ code: 'D', name: '丁' }] }),
        problem('overlap', { area_m2: 99, households: 9, areas: [], exception: { reason: '湖面' } }),
      ],
    };
    expect(problemLines(fc)).toEqual([
      { kind: 'spill', count: 1, area_m2: 40, households: 5, areas: ['丁'] },
      { kind: 'gap', count: 2, area_m2: 15, households: 0, areas: ['甲', '乙', 'C'] },
    ]);
  });

  it('is empty when there is nothing to warn about', () => {
    expect(problemLines({ type: 'FeatureCollection', features: [] })).toEqual([]);
  });
});

describe('formatArea', () => {
  it.each([
    [0.34, '0.3'],
    [12.4, '12'],
    [1204.2, '1,204'],
  ])('%s m² → %s', (m2, expected) => expect(formatArea(m2)).toBe(expected));
});
