import type { Problem } from '../../errors.ts';
import type { PlanTree } from './plan_cell.ts';

/**
 * What is wrong with painting `units` into the cell `to`: unknown codes, a unit that has cells
 * under it, a target that is not at the units' parents' level, or nothing to move. Empty when
 * the paint can go ahead.
 *
 * @example paintProblems(tree, ['U1'], 'U2') // [{ field: 'to', problem: 'U2 is a unit, not at the level of … ' }]
 */
export function paintProblems(tree: PlanTree, units: readonly string[], to: string): Problem[] {
  const problems: Problem[] = [];
  const target = tree.byCode.get(to);
  if (!target) problems.push({ field: 'to', code: to, problem: `no cell ${to} in this draft` });
  units.forEach((code, index) => {
    const u = tree.byCode.get(code);
    if (!u) return problems.push({ field: 'unit_codes', index, code, problem: `no cell ${code} in this draft` });
    if (tree.children.has(code)) return problems.push({ field: 'unit_codes', index, code, problem: `${code} has cells under it: paint its units instead` });
    const parent = u.parentCode ? tree.byCode.get(u.parentCode) : undefined;
    if (!parent || u.code === tree.root) return problems.push({ field: 'unit_codes', index, code, problem: `${code} is the plan's root: it has no parent inside the plan` });
    if (target && parent.level !== target.level) problems.push({ field: 'to', code: to, problem: `${to} is a ${target.level}; ${code}'s parent ${parent.code} is a ${parent.level}` });
  });
  if (problems.length === 0 && units.every((c) => tree.byCode.get(c)?.parentCode === to)) {
    problems.push({ field: 'unit_codes', problem: `every unit listed is already in ${to}` });
  }
  return problems;
}
