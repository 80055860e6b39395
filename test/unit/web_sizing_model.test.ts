import { describe, expect, it } from 'vitest';
import { classColour, countByClass, deviationClass, deviationFill, DEVIATION_CLASSES, EXEMPT_COLOUR } from '../../web/sizing/deviation_style.ts';
import { histogramBars } from '../../web/sizing/histogram_bars.ts';
import { labelPoint, proposalFeatures, proposalMoves } from '../../web/sizing/proposal_model.ts';
import { sortCells } from '../../web/sizing/sizing_sort.ts';
import { deviationText } from '../../web/sizing/cell_table.ts';
import type { SizingCell, SizingProposal } from '../../web/sizing/sizing_types.ts';

/** A base grid of `households` against the 200–400 band, with the deviations the server computes. */
function createCell(code: string, households: number, kind = 'base'): SizingCell {
  const status = kind !== 'base' ? 'exempt' : households < 200 ? 'under' : households > 400 ? 'over' : 'within';
  const dev = status === 'under' ? households - 200 : status === 'over' ? households - 400 : 0;
  const edge = status === 'under' ? 200 : 400;
  return {
    code, name: `网格${code}`, level: 'grid', kind, parent_code: 'C1', households, people: households * 3, floating: 0, facilities: 0, events_per_month: 0,
    band: { min: 200, max: 400 }, status, deviation: { households: dev, percent: dev ? Math.round((dev / edge) * 1000) / 10 : 0 },
    mid_deviation_percent: kind === 'base' ? Math.round(((households - 300) / 300) * 1000) / 10 : null,
    breaches: dev ? ['households'] : [], checks: {}, staff: { grid_workers_required: 1, grid_workers: 1, grid_workers_short: 0 },
  };
}

describe('deviationClass', () => {
  const cases = [
    { households: 100, expected: 'under-far' },
    { households: 150, expected: 'under' }, // −50 % exactly: the class nearer the middle
    { households: 199, expected: 'under' },
    { households: 200, expected: 'low' }, // on the band's edge: in band
    { households: 249, expected: 'low' },
    { households: 300, expected: 'mid' },
    { households: 350, expected: 'mid' },
    { households: 351, expected: 'high' },
    { households: 400, expected: 'high' },
    { households: 401, expected: 'over' },
    { households: 450, expected: 'over' },
    { households: 451, expected: 'over-far' },
  ] as const;
  for (const c of cases) it(`${c.households} households → ${c.expected}`, () => expect(deviationClass(createCell('g', c.households))).toBe(c.expected));
  it('a dedicated grid is exempt whatever its size', () => expect(deviationClass(createCell('g', 900, 'estate'))).toBe('exempt'));
  it('measures from the middle of whatever band the rules set, in half-widths of it', () => {
    const band = { min: 250, max: 400 }; // middle 325, half-width 75
    const at = (households: number, status: SizingCell['status']) => deviationClass({ status, households, band });
    expect([at(140, 'under'), at(212.5, 'under'), at(249, 'under'), at(250, 'within'), at(287, 'within'), at(288, 'within'), at(362, 'within'), at(363, 'within'), at(400, 'within'), at(401, 'over'), at(437.5, 'over'), at(438, 'over')]).toEqual([
      'under-far', 'under', 'under', 'low', 'low', 'mid', 'mid', 'high', 'high', 'over', 'over', 'over-far',
    ]);
  });
  it('a band with one bound (no middle) is coloured by its status, not as exempt', () => {
    const band = { min: 200, max: null };
    expect([deviationClass({ status: 'under', households: 10, band }), deviationClass({ status: 'over', households: 900, band: { min: null, max: 400 } }), deviationClass({ status: 'within', households: 300, band })]).toEqual(['under', 'over', 'mid']);
    expect(deviationClass({ status: 'no_rule', households: 300, band: null })).toBe('exempt');
  });
});

describe('deviationFill and countByClass', () => {
  it('colours each grid by code, grey for grids outside the report', () => {
    const fill = deviationFill([createCell('G1', 500), createCell('G2', 300), createCell('G3', 10, 'school')]);
    expect(fill).toEqual(['match', ['get', 'code'], 'G1', '#b2182b', 'G2', '#f7f7f7', 'G3', EXEMPT_COLOUR, '#cccccc']);
  });
  it('counts grids per class for the legend', () => {
    const counts = countByClass([createCell('a', 100), createCell('b', 120), createCell('c', 300), createCell('d', 50, 'school')]);
    expect(counts).toMatchObject({ 'under-far': 2, mid: 1, exempt: 1, over: 0 });
    expect(Object.values(counts).reduce((s, n) => s + n, 0)).toBe(4);
  });
  it('has a colour for every class', () => {
    for (const c of DEVIATION_CLASSES) expect(classColour(c.key)).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe('histogramBars', () => {
  const hist = { bins: [{ from: 0, to: 100, count: 2 }, { from: 100, to: 200, count: 4 }, { from: 200, to: 300, count: 1 }] };
  it('scales bars to the tallest and marks the band', () => {
    const l = histogramBars(hist, { min: 100, max: 200 }, 300, 100);
    expect(l.bars.map((b) => [b.x, b.height, b.inBand])).toEqual([[0, 50, false], [100, 100, true], [200, 25, false]]);
    expect(l.band).toEqual({ x0: 100, x1: 200, min: 100, max: 200 });
    expect(l.ticks.map((t) => t.value)).toEqual([0, 100, 200, 300]);
  });
  it('widens the scale so that a band beyond every bin still shows', () => {
    const l = histogramBars({ bins: [{ from: 0, to: 100, count: 1 }] }, { min: 200, max: 400 }, 400, 50);
    expect(l.band).toMatchObject({ x0: 200, x1: 400 });
  });
  it('draws no band without one', () => expect(histogramBars(hist, null, 300, 100).band).toBeNull());
});

describe('sortCells and deviationText', () => {
  const cells = [createCell('A', 300), createCell('B', 450), createCell('C', 150), createCell('D', 90, 'school')];
  const cases = [
    { key: 'worst', descending: false, expected: ['C', 'B', 'A', 'D'] }, // −25 % before +12.5 %
    { key: 'households', descending: true, expected: ['B', 'A', 'C', 'D'] },
    { key: 'deviation', descending: false, expected: ['C', 'A', 'D', 'B'] }, // exempt counts as 0
    { key: 'code', descending: true, expected: ['D', 'C', 'B', 'A'] },
  ] as const;
  for (const c of cases) it(`${c.key}`, () => expect(sortCells(cells, c.key, c.descending).map((x) => x.code)).toEqual(c.expected));
  it('writes deviations with their sign', () => {
    expect(deviationText(createCell('x', 551))).toBe('+151 (+37.8%)');
    expect(deviationText(createCell('x', 116))).toBe('-84 (-42%)');
    expect(deviationText(createCell('x', 300))).toBe('');
  });
});

describe('proposal model', () => {
  const square = (x: number): GeoJSON.Polygon => ({ type: 'Polygon', coordinates: [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]] });
  const proposal: SizingProposal = {
    id: 9, kind: 'split', root: 'T', seed: 'test', band: { min: 200, max: 400 }, feasible: true, reasons: [], removed_grids: [], moved: { households: 269, units: 3 },
    assignments: [
      { unit_code: 'u1', from_grid: 'G803', to_grid: 'G807' },
      { unit_code: 'u2', from_grid: 'G803', to_grid: 'G807' },
      { unit_code: 'u3', from_grid: 'G803', to_grid: 'G803' },
      { unit_code: 'u4', from_grid: 'G801', to_grid: 'G803' },
    ],
    grids: [
      { code: 'G803', name: '3', container: 'C', new: false, kept: false, units: ['u3', 'u4'], households: 282, status: 'within', polsby_popper: 0.523, contiguous: true, geometry: square(0) },
      { code: 'G807', name: '7', container: 'C', new: true, kept: false, units: ['u1', 'u2'], households: 269, status: 'within', polsby_popper: 0.28, contiguous: true, geometry: square(2) },
      { code: 'G805', name: '5', container: 'C', new: false, kept: true, units: ['u9'], households: 250, status: 'within', polsby_popper: 0.7, contiguous: true, geometry: square(4) },
      { code: 'G806', name: '6', container: 'C', new: false, kept: false, units: [], households: 0, status: 'under', polsby_popper: 0, contiguous: true, geometry: null },
    ],
  };
  it('groups the units that move by where from and where to, largest first', () => {
    expect(proposalMoves(proposal)).toEqual([{ from: 'G803', to: 'G807', units: ['u1', 'u2'] }, { from: 'G801', to: 'G803', units: ['u4'] }]);
  });
  it('makes a labelled feature per grid with an outline, marking the ones that change', () => {
    const fs = proposalFeatures(proposal);
    expect(fs.map((f) => [f.code, f.changed, f.label])).toEqual([
      ['G803', true, '803\n282 hh, PP 0.52'],
      ['G807', true, 'new 807\n269 hh, PP 0.28'],
      ['G805', false, '805\n250 hh, PP 0.70'],
    ]);
    // deck.gl's default text atlas is ASCII: a label must hold nothing else.
    for (const f of fs) expect(f.label).toMatch(/^[\x20-\x7e\n]+$/);
    expect(fs[1].labelAt).toEqual([2.5, 0.5]);
  });
  it('labels a multipolygon in its largest part', () => {
    const g: GeoJSON.MultiPolygon = { type: 'MultiPolygon', coordinates: [square(0).coordinates, [[[5, 5], [9, 5], [9, 9], [5, 9], [5, 5]]]] };
    expect(labelPoint(g)).toEqual([7, 7]);
  });
});
