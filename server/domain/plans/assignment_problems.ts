import type { Problem } from '../../errors.ts';
import type { PlanTree } from './plan_cell.ts';

/** One row of an assignment table: this unit belongs to this grid. */
export interface Assignment {
  unit_code: string;
  grid_code: string;
}

/**
 * Checks an assignment table (unit → grid) against a draft, naming every bad row: a unit or
 * grid the draft does not hold, a "unit" with cells under it, a grid that is not at the level of
 * the unit's current parent, a unit listed twice. `index` is the row's 0-based position.
 *
 * @example assignmentProblems(tree, [{ unit_code: 'U1', grid_code: 'NOPE' }]) // [{ index: 0, field: 'grid_code', … }]
 */
export function assignmentProblems(tree: PlanTree, rows: readonly Assignment[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  rows.forEach((r, index) => {
    const unit = tree.byCode.get(r.unit_code);
    const grid = tree.byCode.get(r.grid_code);
    const at = (field: string, problem: string) => problems.push({ index, code: r.unit_code, field, problem: `row ${index + 1}: ${problem}` });
    if (!r.unit_code) return at('unit_code', 'unit_code is empty');
    if (!unit) return at('unit_code', `no cell ${r.unit_code} under this plan's root`);
    if (tree.children.has(r.unit_code)) return at('unit_code', `${r.unit_code} has cells under it: list its units`);
    if (seen.has(r.unit_code)) return at('unit_code', `${r.unit_code} is listed again (first on row ${seen.get(r.unit_code)! + 1})`);
    seen.set(r.unit_code, index);
    if (!r.grid_code) return at('grid_code', 'grid_code is empty');
    if (!grid) return at('grid_code', `no cell ${r.grid_code} under this plan's root`);
    const parent = unit.parentCode ? tree.byCode.get(unit.parentCode) : undefined;
    if (!parent) return at('unit_code', `${r.unit_code} has no parent inside the plan`);
    if (grid.level !== parent.level) at('grid_code', `${r.grid_code} is a ${grid.level}; ${r.unit_code} belongs in a ${parent.level}`);
  });
  return problems;
}
