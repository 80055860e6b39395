import type { PlanTree } from './plan_cell.ts';

/**
 * The parents whose outline is the union of their children and so must be re-drawn after their
 * children changed: the parents of `changed` cells that are not the plan's root and whose live
 * children all have no children of their own (a grid over its units). Higher containers (a
 * community over its grids) keep their own outline: it is an administrative boundary, and an
 * edit that leaves it is reported as a spill rather than silently moving it.
 *
 * @example parentsFollowingChildren(tree, ['U1', 'U7']) // ['G1', 'G2'] when U1 is in G1 and U7 in G2
 */
export function parentsFollowingChildren(tree: PlanTree, changed: readonly string[], extraParents: readonly string[] = []): string[] {
  const parents = new Set<string>(extraParents);
  for (const code of changed) {
    const p = tree.byCode.get(code)?.parentCode;
    if (p) parents.add(p);
  }
  return [...parents].filter((p) => {
    if (p === tree.root || !tree.byCode.has(p)) return false;
    const kids = tree.children.get(p) ?? [];
    return kids.every((k) => !tree.children.has(k.code));
  });
}
