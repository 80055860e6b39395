import type { Problem } from '../../errors.ts';
import type { PlanTree } from './plan_cell.ts';

/**
 * What is wrong with merging `codes` apart from adjacency (checked against geometry): unknown or
 * repeated codes, mixed levels, different parents, the plan's root.
 *
 * @example mergeProblems(tree, ['G1', 'U3']) // [{ field: 'codes', index: 1, problem: 'U3 is a unit; G1 is a grid' }]
 */
export function mergeProblems(tree: PlanTree, codes: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  if (new Set(codes).size !== codes.length) problems.push({ field: 'codes', problem: 'a code is listed twice' });
  const first = tree.byCode.get(codes[0]);
  codes.forEach((code, index) => {
    const c = tree.byCode.get(code);
    if (!c) return problems.push({ field: 'codes', index, code, problem: `no cell ${code} in this draft` });
    if (code === tree.root) return problems.push({ field: 'codes', index, code, problem: `${code} is the plan's root` });
    if (first && c.level !== first.level) problems.push({ field: 'codes', index, code, problem: `${code} is a ${c.level}; ${first.code} is a ${first.level}` });
    else if (first && c.parentCode !== first.parentCode) problems.push({ field: 'codes', index, code, problem: `${code} is in ${c.parentCode}; ${first.code} is in ${first.parentCode}: merge cells of one parent` });
  });
  return problems;
}
