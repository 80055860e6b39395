/** An edit of the log as undo and redo see it. */
export interface LoggedEdit {
  seq: number;
  undone: boolean;
}

export interface UndoRedoState {
  /** The edit undo would take back: the newest one not undone. */
  undo: number | null;
  /** The edit redo would put back: the oldest one undone. */
  redo: number | null;
}

/**
 * Where a linear undo history stands. Undone edits always form the log's tail (a new edit drops
 * them), so undo walks back from the newest live edit and redo forward from the oldest undone.
 *
 * @example undoRedoState([{ seq: 1, undone: false }, { seq: 2, undone: true }]) // { undo: 1, redo: 2 }
 */
export function undoRedoState(edits: readonly LoggedEdit[]): UndoRedoState {
  let undo: number | null = null;
  let redo: number | null = null;
  for (const e of edits) {
    if (!e.undone && (undo === null || e.seq > undo)) undo = e.seq;
    if (e.undone && (redo === null || e.seq < redo)) redo = e.seq;
  }
  return { undo, redo };
}
