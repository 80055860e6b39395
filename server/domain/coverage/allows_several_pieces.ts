/** The levels whose areas are cells people are assigned to: one piece each unless their kind allows more. */
const CELL_LEVELS = new Set(['grid', 'subgrid', 'unit']);
/** A village (村) may own detached hamlets; an enterprise park or an institution several sites. */
const MULTIPART_KINDS = new Set(['village', 'enterprise', 'institution']);

/**
 * Whether an area of this level and kind may be in several pieces. Grids (网格) and units (单元)
 * must be one piece, so that a grid worker's patch is walkable; villages and dedicated grids of
 * enterprises and institutions may not be.
 *
 * @example
 * allowsSeveralPieces('unit', 'base')        // false
 * allowsSeveralPieces('grid', 'enterprise')  // true
 * allowsSeveralPieces('community', 'base')   // true: not a cell level
 */
export function allowsSeveralPieces(level: string, kind: string): boolean {
  return !CELL_LEVELS.has(level) || MULTIPART_KINDS.has(kind);
}
