import { describe, expect, it } from 'vitest';
import { controlStates, nextSelection, shortcutAction, toolAfter, type EditorState } from '../../web/planner/edit_state.ts';
import type { Plan } from '../../web/planner/plan_types.ts';
import type { SelectedCell } from '../../web/planner/edit_state.ts';

const createPlan = (over: Partial<Plan> = {}): Plan => ({
  id: 7,
  root: '330782101001',
  name: '东苑社区调整方案',
  status: 'draft',
  rev: 3,
  created_by: 'planner',
  created_at: '2026-11-22T03:00:00Z',
  updated_at: '2026-11-22T03:10:00Z',
  base_version: null,
  can_undo: false,
  can_redo: false,
  ...over,
});
const createCell = (code: string, over: Partial<SelectedCell> = {}): SelectedCell => ({
  code,
  name: `网格${code.slice(-2)}`,
  level: 'grid',
  kind: 'base',
  parent_code: '330782101001',
  locked: false,
  state: 'unchanged',
  children: 0,
  ...over,
});
const createState = (over: Partial<EditorState> = {}): EditorState => ({ plan: createPlan(), tool: 'select', pick: 'grid', selected: [], busy: false, ...over });

describe('controlStates (which toolbar buttons work, and why not)', () => {
  it('follows the plan for undo and redo, and turns both off while an edit is in flight', () => {
    const cases = [
      { name: 'fresh draft', state: createState(), undo: false, redo: false, why: 'nothingToUndo' },
      { name: 'after an edit', state: createState({ plan: createPlan({ can_undo: true }) }), undo: true, redo: false, why: null },
      { name: 'after an undo', state: createState({ plan: createPlan({ can_undo: true, can_redo: true }) }), undo: true, redo: true, why: null },
      { name: 'edit in flight', state: createState({ plan: createPlan({ can_undo: true, can_redo: true }), busy: true }), undo: false, redo: false, why: 'busy' },
      { name: 'published plan', state: createState({ plan: createPlan({ status: 'published', can_undo: true }) }), undo: false, redo: false, why: 'notDraft' },
    ] as const;
    for (const c of cases) {
      const s = controlStates(c.state);
      expect({ name: c.name, undo: s.undo.enabled, redo: s.redo.enabled, why: s.undo.why }).toEqual({ name: c.name, undo: c.undo, redo: c.redo, why: c.why });
    }
  });

  it('needs one unlocked cell for the cell tools, two of one parent for merge', () => {
    const none = controlStates(createState());
    expect([none.reshape.why, none.split.why, none.paint.why, none.merge.why, none.lock.why]).toEqual(['selectOne', 'selectOne', 'selectOne', 'selectTwo', 'selectOne']);
    expect(none.create.enabled).toBe(true);

    const one = controlStates(createState({ selected: [createCell('33078210100101')] }));
    expect([one.reshape.enabled, one.split.enabled, one.paint.enabled, one.delete.enabled, one.merge.enabled]).toEqual([true, true, true, true, false]);

    const locked = controlStates(createState({ selected: [createCell('33078210100101', { locked: true })] }));
    expect([locked.reshape.why, locked.split.why, locked.delete.why]).toEqual(['locked', 'locked', 'locked']);
    expect(locked.lock.enabled).toBe(true); // a locked cell can be unlocked

    const two = controlStates(createState({ selected: [createCell('33078210100101'), createCell('33078210100102')] }));
    expect(two.merge.enabled).toBe(true);
    expect(two.reshape.why).toBe('selectOne');
    const cousins = controlStates(createState({ selected: [createCell('33078210100101'), createCell('33078210100201', { parent_code: '330782101002' })] }));
    expect(cousins.merge.why).toBe('sameParent');
    const oneLocked = controlStates(createState({ selected: [createCell('33078210100101'), createCell('33078210100102', { locked: true })] }));
    expect(oneLocked.merge.why).toBe('locked');
  });

  it('reshapes a unit or an empty grid, not a grid whose outline is its units', () => {
    expect(controlStates(createState({ selected: [createCell('33078210100101', { children: 12 })] })).reshape.why).toBe('hasChildren');
    expect(controlStates(createState({ selected: [createCell('33078210100101', { children: 12 })] })).split.enabled).toBe(true);
    expect(controlStates(createState({ selected: [createCell('33078210100101001', { level: 'unit', parent_code: '33078210100101' })] })).reshape.enabled).toBe(true);
    expect(controlStates(createState({ selected: [createCell('33078210100101001', { level: 'unit' })] })).paint.why).toBe('notGrid');
  });

  it('marks the active tool pressed and only it', () => {
    const s = controlStates(createState({ tool: 'paint', selected: [createCell('33078210100101')] }));
    const pressed = Object.entries(s).filter(([, v]) => v.pressed).map(([k]) => k);
    expect(pressed).toEqual(['paint']);
  });

  it('falls back to the select tool when the active one can no longer be used', () => {
    expect(toolAfter(createState({ tool: 'paint', selected: [createCell('33078210100101')] }))).toBe('paint');
    expect(toolAfter(createState({ tool: 'paint', selected: [] }))).toBe('select');
    expect(toolAfter(createState({ tool: 'reshape', selected: [createCell('33078210100101', { locked: true })] }))).toBe('select');
    expect(toolAfter(createState({ tool: 'create', plan: createPlan({ status: 'published' }) }))).toBe('select');
  });
});

describe('shortcutAction', () => {
  it.each([
    { name: 'Ctrl+Z', e: { key: 'z', ctrlKey: true }, expected: 'undo' },
    { name: '⌘Z', e: { key: 'z', metaKey: true }, expected: 'undo' },
    { name: 'Ctrl+Shift+Z (key comes upper-case)', e: { key: 'Z', ctrlKey: true, shiftKey: true }, expected: 'redo' },
    { name: 'Ctrl+Y', e: { key: 'y', ctrlKey: true }, expected: 'redo' },
    { name: 'plain z', e: { key: 'z' }, expected: null },
    { name: 'Ctrl+Z while typing a reason', e: { key: 'z', ctrlKey: true, inField: true }, expected: null },
    { name: 'Ctrl+S', e: { key: 's', ctrlKey: true }, expected: null },
  ])('$name → $expected', ({ e, expected }) => {
    expect(shortcutAction(e)).toBe(expected);
  });
});

describe('nextSelection', () => {
  it.each([
    { name: 'click selects', current: [], clicked: 'a', additive: false, expected: ['a'] },
    { name: 'click replaces', current: ['a', 'b'], clicked: 'c', additive: false, expected: ['c'] },
    { name: 'click on the selected one keeps it', current: ['a'], clicked: 'a', additive: false, expected: ['a'] },
    { name: 'shift-click adds', current: ['a'], clicked: 'b', additive: true, expected: ['a', 'b'] },
    { name: 'shift-click removes', current: ['a', 'b'], clicked: 'a', additive: true, expected: ['b'] },
    { name: 'click on nothing clears', current: ['a'], clicked: null, additive: false, expected: [] },
    { name: 'shift-click on nothing keeps', current: ['a'], clicked: null, additive: true, expected: ['a'] },
  ])('$name', ({ current, clicked, additive, expected }) => {
    expect(nextSelection(current, clicked, additive)).toEqual(expected);
  });
});
