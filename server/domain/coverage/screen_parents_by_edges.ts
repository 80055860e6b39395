import { countUnmatchedEdges, type PolygonsCoords } from './count_unmatched_edges.ts';

export interface TreeArea {
  id: number;
  parentId: number | null;
  level: string;
  valid: boolean;
  coords: PolygonsCoords;
}

export interface ScreenedParent {
  id: number;
  /** The level of its children (the level a gap or overlap among them is reported at). */
  childLevel: string;
  /** Children's edges left over against the parent's: 0 means the children tile it exactly. */
  unmatched: number;
  /**
   * The box around the edges left over, [west, south, east, north]; null when the parent must
   * be looked at whole (an invalid geometry). Every gap, overlap or spill lies inside it: each
   * is bounded by edges that did not cancel.
   */
  bbox: [number, number, number, number] | null;
}

/**
 * Screens every parent in a subtree by matching shared edges (see countUnmatchedEdges) and
 * returns the parents whose children do not tile them edge for edge, which the exact overlay
 * must then look at. Parents with an invalid geometry, or an invalid child, are always returned:
 * edge matching assumes rings that do not cross themselves. `levels`, when given, keeps only
 * parents whose children are of those levels.
 *
 * @example
 * screenParentsByEdges([town, grid1, grid2]) // → [] when grid1 and grid2 tile the town exactly
 */
export function screenParentsByEdges(areas: TreeArea[], levels?: ReadonlySet<string>): ScreenedParent[] {
  const childrenOf = new Map<number, TreeArea[]>();
  for (const a of areas) {
    if (a.parentId === null) continue;
    const list = childrenOf.get(a.parentId);
    if (list) list.push(a);
    else childrenOf.set(a.parentId, [a]);
  }
  const dirty: ScreenedParent[] = [];
  for (const parent of areas) {
    const children = childrenOf.get(parent.id);
    if (!children) continue;
    // Children of one parent may carry different levels; report at the most common one.
    const childLevel = mostCommon(children.map((c) => c.level));
    if (levels && !children.some((c) => levels.has(c.level))) continue;
    const { unmatched, bbox } = !parent.valid || children.some((c) => !c.valid)
      ? { unmatched: Infinity, bbox: null }
      : countUnmatchedEdges(parent.coords, children.map((c) => c.coords));
    if (unmatched > 0) dirty.push({ id: parent.id, childLevel, unmatched, bbox });
  }
  return dirty;
}

function mostCommon(xs: string[]): string {
  const n = new Map<string, number>();
  for (const x of xs) n.set(x, (n.get(x) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
}
