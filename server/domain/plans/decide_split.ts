/** Units of the cell being split, each with the piece of the cut cell its interior point fell in. */
export interface UnitSide {
  code: string;
  /** 1-based piece of ST_Split(cell, line); null when the point lies on the line itself. */
  piece: number | null;
  households: number;
}

export interface SplitDecision {
  /** Units staying with the cell being split (it keeps its code). */
  keep: string[];
  /** Each further group becomes a new cell. */
  groups: string[][];
}

/**
 * Splits a cell's units by the side of the line their interior point falls on, whole units
 * only. The group holding the most households (then the most units) keeps the cell's code;
 * every other non-empty group becomes a new cell. Returns a reason instead when the line leaves
 * every unit on one side.
 *
 * @example decideSplit([{ code: 'U1', piece: 1, households: 90 }, { code: 'U2', piece: 2, households: 40 }])
 * // { keep: ['U1'], groups: [['U2']] }
 */
export function decideSplit(units: readonly UnitSide[]): SplitDecision | { reason: string } {
  const byPiece = new Map<number, UnitSide[]>();
  for (const u of units) {
    // A point exactly on the line goes with the first piece: deterministic, and ST_PointOnSurface
    // lands on a line only when the line runs through the unit's middle.
    const piece = u.piece ?? 1;
    const list = byPiece.get(piece);
    if (list) list.push(u);
    else byPiece.set(piece, [u]);
  }
  if (byPiece.size < 2) return { reason: 'the line leaves every unit on one side: draw it across the cell, between units' };
  const households = (g: UnitSide[]) => g.reduce((s, u) => s + u.households, 0);
  const groups = [...byPiece.entries()]
    .sort(([pa, a], [pb, b]) => households(b) - households(a) || b.length - a.length || pa - pb)
    .map(([, g]) => g.map((u) => u.code).sort());
  return { keep: groups[0], groups: groups.slice(1) };
}
