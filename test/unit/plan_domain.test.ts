import { describe, expect, it } from 'vitest';
import { planTree, type PlanCell } from '../../server/domain/plans/plan_cell.ts';
import { decideSplit } from '../../server/domain/plans/decide_split.ts';
import { cellsOffBorders } from '../../server/domain/plans/connected_by_borders.ts';
import { undoRedoState } from '../../server/domain/plans/undo_redo_state.ts';
import { chainDivergence } from '../../server/domain/plans/chain_divergence.ts';
import { countMoves } from '../../server/domain/plans/count_moves.ts';
import { parentsFollowingChildren } from '../../server/domain/plans/parents_following_children.ts';
import { paintProblems } from '../../server/domain/plans/paint_problems.ts';
import { mergeProblems } from '../../server/domain/plans/merge_problems.ts';
import { assignmentProblems } from '../../server/domain/plans/assignment_problems.ts';
import { parseAssignmentCsv } from '../../server/domain/plans/parse_assignment_csv.ts';
import { cellsRefusingEdit } from '../../server/domain/plans/cells_refusing_edit.ts';

// A community C with grids G1 (units U1, U2), G2 (U3) and G3 (no units); G2 is locked.
function createTree(extra: Partial<PlanCell>[] = []) {
  const cell = (code: string, parentCode: string | null, level: string, over: Partial<PlanCell> = {}): PlanCell => ({
    code, parentCode, level, kind: 'base', name: code, locked: false, deleted: false, areaId: 1, ...over,
  });
  return planTree([
    cell('C', 'T', 'community'),
    cell('G1', 'C', 'grid'), cell('G2', 'C', 'grid', { locked: true }), cell('G3', 'C', 'grid'),
    cell('U1', 'G1', 'unit'), cell('U2', 'G1', 'unit'), cell('U3', 'G2', 'unit'),
    cell('GX', 'C', 'grid', { deleted: true }),
    ...extra.map((e) => cell(e.code!, e.parentCode ?? null, e.level ?? 'unit', e)),
  ], 'C');
}

describe('decideSplit', () => {
  const cases = [
    { name: 'two sides: the side with more households keeps the code', units: [{ code: 'a', piece: 1, households: 10 }, { code: 'b', piece: 2, households: 90 }], expected: { keep: ['b'], groups: [['a']] } },
    { name: 'three pieces make two new cells', units: [{ code: 'a', piece: 1, households: 5 }, { code: 'b', piece: 2, households: 5 }, { code: 'c', piece: 3, households: 50 }, { code: 'd', piece: 3, households: 1 }], expected: { keep: ['c', 'd'], groups: [['a'], ['b']] } },
    { name: 'a point on the line goes with the first piece', units: [{ code: 'a', piece: null, households: 1 }, { code: 'b', piece: 1, households: 1 }, { code: 'c', piece: 2, households: 1 }], expected: { keep: ['a', 'b'], groups: [['c']] } },
  ];
  for (const c of cases) it(c.name, () => expect(decideSplit(c.units)).toEqual(c.expected));
  it('refuses a line that leaves every unit on one side', () => {
    expect(decideSplit([{ code: 'a', piece: 2, households: 1 }, { code: 'b', piece: 2, households: 3 }])).toHaveProperty('reason');
  });
});

describe('cellsOffBorders (merge adjacency)', () => {
  it('connects by shared borders only, never by a corner (0 m)', () => {
    expect(cellsOffBorders(['A', 'B'], [{ a: 'A', b: 'B', border_m: 0 }])).toEqual(['B']);
    expect(cellsOffBorders(['A', 'B', 'C'], [{ a: 'A', b: 'C', border_m: 12 }, { a: 'B', b: 'C', border_m: 3 }])).toEqual([]);
    expect(cellsOffBorders(['A', 'B', 'C'], [{ a: 'A', b: 'B', border_m: 12 }])).toEqual(['C']);
  });
});

describe('undoRedoState', () => {
  const cases = [
    { name: 'empty log', edits: [], expected: { undo: null, redo: null } },
    { name: 'all live', edits: [{ seq: 1, undone: false }, { seq: 2, undone: false }], expected: { undo: 2, redo: null } },
    { name: 'one undone', edits: [{ seq: 1, undone: false }, { seq: 2, undone: true }, { seq: 3, undone: true }], expected: { undo: 1, redo: 2 } },
    { name: 'all undone', edits: [{ seq: 1, undone: true }], expected: { undo: null, redo: 1 } },
  ];
  for (const c of cases) it(c.name, () => expect(undoRedoState(c.edits)).toEqual(c.expected));
});

describe('chainDivergence and countMoves', () => {
  const cases = [
    { name: 'painted unit: grid to grid', pub: ['T', 'C', 'G1', 'U4'], draft: ['T', 'C', 'G2', 'U4'], expected: { from: 'G1', to: 'G2' } },
    { name: 'same chain: no move', pub: ['T', 'C', 'G1', 'U4'], draft: ['T', 'C', 'G1', 'U4'], expected: null },
    { name: 'reshaped units inside a grid', pub: ['T', 'C', 'G1', 'U4'], draft: ['T', 'C', 'G1', 'U5'], expected: { from: 'U4', to: 'U5' } },
    { name: 'an orphan finds a cell', pub: [], draft: ['T', 'C'], expected: { from: null, to: 'T' } },
    { name: 'a new level below', pub: ['T', 'C', 'G1'], draft: ['T', 'C', 'G1', 'U9'], expected: { from: null, to: 'U9' } },
  ];
  for (const c of cases) it(c.name, () => expect(chainDivergence(c.pub, c.draft)).toEqual(c.expected));
  it('counts by (from, to), largest first', () => {
    expect(countMoves([{ from: 'a', to: 'b' }, { from: 'c', to: 'd' }, { from: 'c', to: 'd' }])).toEqual([{ from: 'c', to: 'd', count: 2 }, { from: 'a', to: 'b', count: 1 }]);
  });
});

describe('edit rules on a tree', () => {
  it('redraws grids over their units, never the root nor containers of grids', () => {
    const tree = createTree();
    expect(parentsFollowingChildren(tree, ['U1', 'U3']).sort()).toEqual(['G1', 'G2']);
    expect(parentsFollowingChildren(tree, ['G1'])).toEqual([]); // C is the root
    expect(parentsFollowingChildren(tree, [], ['G3'])).toEqual(['G3']); // emptied: every (no) child is a leaf
  });
  it('names locked cells an edit would change', () => {
    expect(cellsRefusingEdit(createTree(), ['G1', 'G2', 'G2'])).toEqual(['G2']);
  });
  it('checks a paint', () => {
    const tree = createTree();
    expect(paintProblems(tree, ['U1'], 'G3')).toEqual([]);
    expect(paintProblems(tree, ['U1'], 'U2')[0]).toMatchObject({ field: 'to' });
    expect(paintProblems(tree, ['NOPE'], 'G3')[0]).toMatchObject({ field: 'unit_codes', index: 0, code: 'NOPE' });
    expect(paintProblems(tree, ['G1'], 'G3')[0]).toMatchObject({ field: 'unit_codes', code: 'G1' });
    expect(paintProblems(tree, ['U1', 'U2'], 'G1')[0].problem).toContain('already');
  });
  it('checks a merge', () => {
    const tree = createTree();
    expect(mergeProblems(tree, ['G1', 'G3'])).toEqual([]);
    expect(mergeProblems(tree, ['G1', 'U1'])[0]).toMatchObject({ field: 'codes', index: 1 });
    expect(mergeProblems(tree, ['U1', 'U3'])[0].problem).toContain('one parent');
    expect(mergeProblems(tree, ['G1', 'GX'])[0]).toMatchObject({ code: 'GX' }); // deleted in the draft
  });
  it('names every bad row of an assignment table', () => {
    const problems = assignmentProblems(createTree(), [
      { unit_code: 'U1', grid_code: 'G3' },
      { unit_code: 'U1', grid_code: 'G2' },
      { unit_code: 'U2', grid_code: 'NOPE' },
      { unit_code: 'G1', grid_code: 'G2' },
      { unit_code: 'U3', grid_code: 'U1' },
      { unit_code: '', grid_code: 'G1' },
    ]);
    expect(problems.map((p) => `${p.index}:${p.field}`)).toEqual(['1:unit_code', '2:grid_code', '3:unit_code', '4:grid_code', '5:unit_code']);
  });
});

describe('parseAssignmentCsv', () => {
  it('reads the columns it needs and ignores the names an export adds', () => {
    expect(parseAssignmentCsv('\ufeffunit_code,unit_name,grid_code,grid_name\r\nU1,"a, b",G2,x\r\n')).toEqual({ rows: [{ unit_code: 'U1', grid_code: 'G2' }], problems: [] });
  });
  it('says which column is missing', () => {
    expect(parseAssignmentCsv('unit,grid\nU1,G2\n').problems.map((p) => p.field)).toEqual(['unit_code', 'grid_code']);
    expect(parseAssignmentCsv('').problems[0].field).toBe('body');
  });
});
