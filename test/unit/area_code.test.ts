import { describe, expect, it } from 'vitest';
import { areaCodeProblem } from '../../server/domain/area_code.ts';
import { boundaryCrossings } from '../../server/domain/plans/boundary_crossings.ts';
import { parseAssignmentCsv } from '../../server/domain/plans/parse_assignment_csv.ts';

describe('areaCodeProblem: the codes\' alphabet', () => {
  const cases: { name: string; input: string; expected: RegExp | null }[] = [
    { name: 'a town code', input: '330782101', expected: null },
    { name: 'a census GEOID with letters', input: '1500000US060750314005', expected: null },
    { name: 'a precinct', input: '1-1', expected: null },
    { name: 'a party group', input: 'P33078210100101-1', expected: null },
    { name: 'dots and underscores inside', input: 'cam_hoods.v2', expected: null },
    { name: '64 characters', input: 'a'.repeat(64), expected: null },
    { name: 'a path separator', input: '330782101001/x', expected: /"\/" \(U\+002F\) at position 13/ },
    { name: 'percent-encoded separator', input: '330782101001%2Fx', expected: /"%" \(U\+0025\) at position 13/ },
    { name: 'a division slash', input: 'a\u2215b', expected: /\(U\+2215\) at position 2/ },
    { name: 'a newline, shown by its code point only', input: 'ab\nc', expected: /"ab\?c" has U\+000A at position 3/ },
    { name: 'a space', input: 'a b', expected: /U\+0020 at position 2/ },
    { name: 'a zero-width space', input: 'a\u200bb', expected: /U\+200B at position 2/ },
    { name: 'a full-width digit first', input: '３30782', expected: /\(U\+FF13\) at position 1/ },
    { name: 'a letter beyond the BMP counts as one position', input: 'a\u{1F600}b/', expected: /\(U\+1F600\) at position 2/ },
    { name: 'starting with a dot', input: '..', expected: /"\." \(U\+002E\) at position 1 \(a code begins with a letter or a digit\)/ },
    { name: 'starting with a hyphen', input: '-1', expected: /at position 1 \(a code begins/ },
    { name: 'empty', input: '', expected: /cannot be empty/ },
    { name: '65 characters', input: 'a'.repeat(65), expected: /65 characters long/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const problem = areaCodeProblem(c.input);
      if (c.expected === null) expect(problem).toBeNull();
      else expect(problem).toMatch(c.expected);
    });
  }
});

describe('boundaryCrossings', () => {
  const h = (id: string) => ({ kind: 'household' as const, region: 'T', id });
  const s = (id: string) => ({ kind: 'staff' as const, region: 'T', id });
  it('lists what came in and what went out, once each', () => {
    expect(boundaryCrossings([h('H1'), h('H2'), h('H2')], [h('H2'), h('H3'), h('H3')])).toEqual([
      { ...h('H3'), way: 'into' }, { ...h('H1'), way: 'out_of' },
    ]);
  });
  it('lets staff leave (their cell deleted without successor) but not come in', () => {
    expect(boundaryCrossings([s('S1 grid_worker')], [])).toEqual([]);
    expect(boundaryCrossings([], [s('S2 volunteer')])).toEqual([{ ...s('S2 volunteer'), way: 'into' }]);
  });
  it('is empty when the subtree holds the same members', () => {
    expect(boundaryCrossings([h('H1'), s('S1 police')], [s('S1 police'), h('H1')])).toEqual([]);
  });
});

describe('parseAssignmentCsv: a new grid code is born here, so it keeps to the alphabet', () => {
  it('names the row and the character of a grid code that does not fit', () => {
    const { rows, problems } = parseAssignmentCsv('unit_code,grid_code\nU1,G2\nU2,330782101001/x\n');
    expect(rows).toEqual([]);
    expect(problems).toEqual([{ index: 1, code: '330782101001/x', field: 'grid_code', problem: expect.stringMatching(/^row 2: code "330782101001\/x" has "\/" \(U\+002F\) at position 13/) }]);
    expect(parseAssignmentCsv('unit_code,grid_code\nU1,G-2.a_b\n').problems).toEqual([]);
  });
});
