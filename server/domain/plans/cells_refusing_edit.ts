import type { PlanTree } from './plan_cell.ts';

/**
 * The locked cells among those an edit would change, in the order given: the edit is refused
 * (409) when any is listed.
 *
 * @example cellsRefusingEdit(tree, ['G1', 'G2']) // ['G2'] when G2 is locked
 */
export function cellsRefusingEdit(tree: PlanTree, codes: readonly string[]): string[] {
  return [...new Set(codes)].filter((c) => tree.byCode.get(c)?.locked);
}
