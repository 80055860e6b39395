import type { CellProps, Plan } from './plan_types.ts';

/** The map tools: one is active at a time. Merge, lock, delete, undo and redo are one-shot actions (rename too, from the side panel's form). */
export type Tool = 'select' | 'reshape' | 'split' | 'create' | 'paint';
export type Action = 'undo' | 'redo' | 'merge' | 'rename' | 'lock' | 'delete' | 'diff' | 'publish';
export type Control = Tool | Action;

/** Why a control is off, as a message key (the page words it in the current language). */
export type Why = 'notDraft' | 'busy' | 'nothingToUndo' | 'nothingToRedo' | 'selectOne' | 'selectTwo' | 'locked' | 'sameParent' | 'notGrid' | 'hasChildren';

/** What a click selects: grids (网格), or the units (单元) inside them. */
export type PickLevel = 'grid' | 'unit';

/** A selected cell, with how many cells it holds (a grid's outline is the union of its units). */
export type SelectedCell = CellProps & { children: number };

export interface ControlState {
  enabled: boolean;
  /** A tool that is the active one. */
  pressed: boolean;
  why: Why | null;
}

export interface EditorState {
  plan: Plan | null;
  tool: Tool;
  pick: PickLevel;
  selected: SelectedCell[];
  /** An edit, undo or redo is on its way to the server: nothing else may start. */
  busy: boolean;
}

/**
 * Which controls of the toolbar can be used now, and why not when not. Editing needs a draft and
 * no edit in flight; the cell tools need one unlocked cell selected (merge two or more of one
 * parent); painting paints units into the selected grid; a cell that holds cells is reshaped
 * through them (its outline is their union), so reshape wants a unit or an empty grid.
 * Example: controlStates({ plan: draft with can_undo, tool: 'select', selected: [], busy: false }).undo
 *   → { enabled: true, pressed: false, why: null }.
 */
export function controlStates(s: EditorState): Record<Control, ControlState> {
  const off = (why: Why): ControlState => ({ enabled: false, pressed: false, why });
  const on: ControlState = { enabled: true, pressed: false, why: null };
  const editing: Why | null = !s.plan || s.plan.status !== 'draft' ? 'notDraft' : s.busy ? 'busy' : null;
  const one = s.selected.length === 1 ? s.selected[0] : null;
  const oneUnlocked: Why | null = editing ?? (!one ? 'selectOne' : one.locked ? 'locked' : null);
  const state = (why: Why | null): ControlState => (why ? off(why) : on);
  const sameParent = new Set(s.selected.map((c) => `${c.level}/${c.parent_code}`)).size === 1;
  const merge: Why | null =
    editing ??
    (s.selected.length < 2 ? 'selectTwo' : s.selected.some((c) => c.locked) ? 'locked' : !sameParent ? 'sameParent' : null);
  const result: Record<Control, ControlState> = {
    select: state(null),
    reshape: state(oneUnlocked ?? (one && one.children > 0 ? 'hasChildren' : null)),
    split: state(oneUnlocked),
    create: state(editing),
    paint: state(oneUnlocked ?? (one && one.level === 'unit' ? 'notGrid' : null)),
    undo: state(editing ?? (s.plan?.can_undo ? null : 'nothingToUndo')),
    redo: state(editing ?? (s.plan?.can_redo ? null : 'nothingToRedo')),
    merge: state(merge),
    rename: state(oneUnlocked),
    lock: state(editing ?? (one ? null : 'selectOne')),
    delete: state(oneUnlocked),
    diff: state(s.plan ? null : 'notDraft'),
    publish: state(editing),
  };
  result[s.tool] = { ...result[s.tool], pressed: true };
  return result;
}

/**
 * The tool to fall back to when the current one cannot be used any more (its cell was merged
 * away, locked, or the draft was published): the select tool.
 * Example: toolAfter({ … tool: 'reshape', selected: [] }) → 'select'.
 */
export function toolAfter(s: EditorState): Tool {
  return controlStates(s)[s.tool].enabled ? s.tool : 'select';
}

/**
 * The undo/redo action a key press asks for: Ctrl+Z (⌘Z on a Mac) undoes, Ctrl+Shift+Z or Ctrl+Y
 * redoes; nothing while typing in a field.
 * Example: shortcutAction({ key: 'Z', ctrlKey: true, shiftKey: true }) → 'redo'.
 */
export function shortcutAction(e: { key: string; ctrlKey?: boolean; metaKey?: boolean; shiftKey?: boolean; inField?: boolean }): 'undo' | 'redo' | null {
  if (e.inField || !(e.ctrlKey || e.metaKey)) return null;
  const key = e.key.toLowerCase();
  if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && !e.shiftKey) return 'redo';
  return null;
}

/**
 * The selection after a click on a cell: a plain click selects it alone, a click beside every cell
 * clears, a shift-click adds or removes it.
 * Example: nextSelection(['a'], 'b', true) → ['a', 'b'].
 */
export function nextSelection(current: string[], clicked: string | null, additive: boolean): string[] {
  if (!clicked) return additive ? current : [];
  if (!additive) return [clicked];
  return current.includes(clicked) ? current.filter((c) => c !== clicked) : [...current, clicked];
}
