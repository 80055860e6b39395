import { describe, expect, it } from 'vitest';
import { bandStatus } from '../../server/domain/sizing/band_status.ts';
import { evaluateCell, type CellCounts } from '../../server/domain/sizing/evaluate_cell.ts';
import { findRule, NO_BAND, type SizingRule } from '../../server/domain/sizing/sizing_rule.ts';
import { polsbyPopper } from '../../server/domain/sizing/polsby_popper.ts';
import { nextGridCodes } from '../../server/domain/sizing/next_grid_codes.ts';
import { formatSizingCsv } from '../../server/domain/sizing/sizing_csv.ts';
import { sumCountsByAncestor } from '../../server/domain/sizing/sum_counts_by_ancestor.ts';
import { rollUpSizing } from '../../server/domain/sizing/roll_up_sizing.ts';
import { sizingHistogram } from '../../server/domain/sizing/sizing_histogram.ts';
import { householdsVerdict } from '../../server/domain/sizing/households_verdict.ts';

function createRule(over: Partial<SizingRule> = {}): SizingRule {
  return {
    level: 'grid', kind: '*', households: { min: 200, max: 400 }, people: NO_BAND, floating: NO_BAND, facilities: NO_BAND,
    eventsPerMonth: NO_BAND, communityWorkersPer10k: null, gridWorkersPerGrid: 1, exemptDedicated: true, ...over,
  };
}
const counts = (households: number, more: Partial<CellCounts> = {}): CellCounts => ({ households, people: households * 3, floating: 0, facilities: 0, eventsPerMonth: null, ...more });

describe('bandStatus', () => {
  it.each([
    { name: 'under', value: 150, band: { min: 200, max: 400 }, expected: { status: 'under', deviation: -50, percent: -25 } },
    { name: 'at the minimum', value: 200, band: { min: 200, max: 400 }, expected: { status: 'within', deviation: 0, percent: 0 } },
    { name: 'at the maximum', value: 400, band: { min: 200, max: 400 }, expected: { status: 'within', deviation: 0, percent: 0 } },
    { name: 'over', value: 450, band: { min: 200, max: 400 }, expected: { status: 'over', deviation: 50, percent: 12.5 } },
    { name: 'empty grid', value: 0, band: { min: 200, max: 400 }, expected: { status: 'under', deviation: -200, percent: -100 } },
    { name: 'open above', value: 9999, band: { min: 10, max: null }, expected: { status: 'within', deviation: 0, percent: 0 } },
    { name: 'open below', value: 0, band: { min: null, max: 5 }, expected: { status: 'within', deviation: 0, percent: 0 } },
    { name: 'over a zero maximum', value: 3, band: { min: null, max: 0 }, expected: { status: 'over', deviation: 3, percent: null } },
    { name: 'a third over, rounded to 0.1', value: 533, band: { min: 200, max: 400 }, expected: { status: 'over', deviation: 133, percent: 33.3 } },
  ])('$name', ({ value, band, expected }) => {
    expect(bandStatus(value, band)).toEqual(expected);
  });
});

describe('findRule and evaluateCell', () => {
  const rules = [createRule(), createRule({ kind: 'estate', households: { min: null, max: 1000 } }), createRule({ level: 'community', households: NO_BAND, communityWorkersPer10k: 18 })];
  it.each([
    { name: 'base grid under', kind: 'base', c: counts(150), status: 'under', dev: -50 },
    { name: 'base grid within', kind: 'base', c: counts(300), status: 'within', dev: 0 },
    { name: 'base grid over', kind: 'base', c: counts(560), status: 'over', dev: 160 },
    { name: 'a school grid is exempt under the default rule', kind: 'school', c: counts(0), status: 'exempt', dev: 0 },
    { name: 'an estate has a rule of its own, which applies', kind: 'estate', c: counts(1200), status: 'over', dev: 200 },
    { name: 'a village-kind grid takes the default', kind: 'village', c: counts(199), status: 'under', dev: -1 },
  ])('$name', ({ kind, c, status, dev }) => {
    const e = evaluateCell(c, kind, findRule(rules, 'grid', kind));
    expect(e.status).toBe(status);
    expect(e.deviation.households).toBe(dev);
  });

  it('says no_rule for a level without one, and for a rule that bands nothing about households', () => {
    expect(evaluateCell(counts(10), 'base', findRule(rules, 'unit', 'base')).status).toBe('no_rule');
    expect(evaluateCell(counts(10), 'base', findRule(rules, 'community', 'base')).status).toBe('no_rule');
  });

  it('checks the other bands, lists the breaches, and leaves events uncounted when there are none', () => {
    const rule = createRule({ people: { min: null, max: 900 }, floating: { min: null, max: 50 }, eventsPerMonth: { min: null, max: 30 } });
    const e = evaluateCell(counts(300, { people: 950, floating: 10 }), 'base', rule);
    expect(e.status).toBe('within');
    expect(e.breaches).toEqual(['people']);
    expect(e.checks.people).toMatchObject({ status: 'over', deviation: 50 });
    expect(e.checks.floating).toMatchObject({ status: 'within' });
    expect(e.uncounted).toEqual(['eventsPerMonth']);
    expect(e.staff.gridWorkersRequired).toBe(1);
  });

  it('does not exempt dedicated grids when the rule says not to', () => {
    expect(evaluateCell(counts(540), 'estate', createRule({ exemptDedicated: false })).status).toBe('over');
  });
});

describe('householdsVerdict (what the map colours by)', () => {
  const seeds = [createRule()];
  const cases = [
    { name: 'an empty base grid', kind: 'base', households: 0, expected: 'under' },
    { name: 'a base grid at the lower bound', kind: 'base', households: 200, expected: 'within' },
    { name: 'a base grid at the upper bound', kind: 'base', households: 400, expected: 'within' },
    { name: 'a base grid one over', kind: 'base', households: 401, expected: 'over' },
    { name: 'a dedicated estate grid of 540', kind: 'estate', households: 540, expected: 'exempt' },
  ] as const;
  for (const c of cases) it(c.name, () => expect(householdsVerdict(seeds, 'grid', c.kind, c.households).status).toBe(c.expected));

  it('gives the band with the verdict, a dedicated kind\'s own rule, and no_rule where the level has none', () => {
    const rules = [createRule({ households: { min: 250, max: 380 } }), createRule({ kind: 'school', households: { min: null, max: 100 }, exemptDedicated: false })];
    expect(householdsVerdict(rules, 'grid', 'base', 240)).toEqual({ status: 'under', band: { min: 250, max: 380 } });
    expect(householdsVerdict(rules, 'grid', 'school', 120)).toEqual({ status: 'over', band: { min: null, max: 100 } });
    expect(householdsVerdict(rules, 'grid', 'hospital', 900)).toEqual({ status: 'exempt', band: null });
    expect(householdsVerdict([createRule({ exemptDedicated: false })], 'grid', 'hospital', 900).status).toBe('over');
    expect(householdsVerdict(rules, 'community', 'base', 900)).toEqual({ status: 'no_rule', band: null });
    expect(householdsVerdict([], 'grid', 'base', 900)).toEqual({ status: 'no_rule', band: null });
  });
});

describe('polsbyPopper', () => {
  it.each([
    { name: 'a 100 m square', area: 100 * 100, perimeter: 400, expected: Math.PI / 4 },
    { name: 'a disc of radius 50 m', area: Math.PI * 2500, perimeter: 2 * Math.PI * 50, expected: 1 },
    { name: 'a 1000×10 m ribbon', area: 10_000, perimeter: 2020, expected: (4 * Math.PI * 10_000) / 2020 ** 2 },
    { name: 'no outline', area: 0, perimeter: 0, expected: 0 },
  ])('$name', ({ area, perimeter, expected }) => {
    expect(polsbyPopper(area, perimeter)).toBeCloseTo(expected, 6);
  });
});

describe('nextGridCodes', () => {
  it.each([
    { name: 'after the highest sibling', container: 'C1', siblings: ['C101', 'C107'], taken: [], count: 2, expected: ['C108', 'C109'] },
    { name: 'skipping a code in use elsewhere', container: 'C1', siblings: ['C101'], taken: ['C102'], count: 1, expected: ['C103'] },
    { name: 'no siblings: from 01', container: '330', siblings: [], taken: [], count: 1, expected: ['33001'] },
    { name: 'three-digit siblings keep three digits', container: 'X', siblings: ['X001'], taken: [], count: 1, expected: ['X002'] },
    { name: 'past 99 widens', container: 'X', siblings: ['X99'], taken: [], count: 1, expected: ['X100'] },
  ])('$name', ({ container, siblings, taken, count, expected }) => {
    expect(nextGridCodes(container, siblings, new Set(taken), count)).toEqual(expected);
  });
});

describe('formatSizingCsv', () => {
  it('starts with a BOM and quotes what needs quoting, and defuses formulas', () => {
    const csv = formatSizingCsv([
      { code: 'G1', name: '青溪, "东"', kind: 'base', parent_code: 'C1', households: 150, people: 400, floating: 3, facilities: 1, band: { min: 200, max: 400 }, status: 'under', deviation: { households: -50, percent: -25 }, breaches: ['households'] },
      { code: 'G2', name: '=cmd()', kind: 'school', parent_code: null, households: 0, people: 0, floating: 0, facilities: 2, band: null, status: 'exempt', deviation: { households: 0, percent: null }, breaches: [] },
    ]);
    expect(csv.startsWith('\uFEFFcode,name,')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[1]).toBe('G1,"青溪, ""东""",base,C1,150,400,3,1,200,400,under,-50,-25,households');
    expect(lines[2]).toBe("G2,'=cmd(),school,,0,0,0,2,,,exempt,0,,");
    expect(lines[3]).toBe('');
  });
});

describe('sumCountsByAncestor and rollUpSizing', () => {
  it('sums what areas hold into each ancestor on their path', () => {
    const m = sumCountsByAncestor(
      [
        { path: 'T/C1/G1/U1', households: 3, people: 9, floating: 1, facilities: 0 },
        { path: 'T/C1/G1', households: 1, people: 2, floating: 0, facilities: 1 },
        { path: 'T/C1/G2/U2', households: 5, people: 10, floating: 0, facilities: 0 },
      ],
      ['G1', 'G2', 'G3', 'C1'],
    );
    expect(m.get('G1')).toEqual({ households: 4, people: 11, floating: 1, facilities: 1 });
    expect(m.get('G2')!.households).toBe(5);
    expect(m.get('G3')!.households).toBe(0);
    expect(m.get('C1')!.households).toBe(9);
  });

  it('counts breaches per ancestor, worst first, with community workers by its rule', () => {
    const cell = (code: string, status: any, households: number, percent: number | null, ancestors: string[]) => ({ code, status, households, people: households * 2, deviation: { households: 0, percent }, ancestors });
    const out = rollUpSizing(
      [
        cell('A1', 'within', 300, 0, ['T', 'A']),
        cell('A2', 'under', 100, -50, ['T', 'A']),
        cell('B1', 'over', 500, 25, ['T', 'B']),
        cell('B2', 'under', 190, -5, ['T', 'B']),
        cell('B3', 'exempt', 0, null, ['T', 'B']),
      ],
      [
        { code: 'T', name: 'town', level: 'town', kind: 'base' },
        { code: 'A', name: 'a', level: 'community', kind: 'base' },
        { code: 'B', name: 'b', level: 'community', kind: 'village' },
      ],
      [createRule({ level: 'community', communityWorkersPer10k: 18 })],
    );
    expect(out.map((r) => [r.code, r.breaches])).toEqual([['T', 3], ['B', 2], ['A', 1]]);
    expect(out[0].worst.map((w) => w.code)).toEqual(['A2', 'B1', 'B2']);
    expect(out[1]).toMatchObject({ cells: 3, over: 1, under: 1, exempt: 1, households: 690, communityWorkersRequired: Math.ceil((1380 * 18) / 10_000) });
    expect(out[0].communityWorkersRequired).toBeNull();
  });

  it('bins households for the histogram', () => {
    expect(sizingHistogram([0, 24, 25, 410], 100).bins).toEqual([
      { from: 0, to: 100, count: 3 }, { from: 100, to: 200, count: 0 }, { from: 200, to: 300, count: 0 }, { from: 300, to: 400, count: 0 }, { from: 400, to: 500, count: 1 },
    ]);
  });
});
