import type { Db } from '../../db/db.ts';
import { NotFoundError } from '../../errors.ts';
import { selectPlan } from '../../db/queries/select_plan.ts';
import { selectPlanCells } from '../../db/queries/select_plan_cells.ts';
import { selectPlanCellTallies } from '../../db/queries/select_plan_cell_tallies.ts';
import { selectSizingRules } from '../../db/queries/select_sizing_rules.ts';
import { createPlanCheckScope } from '../../db/queries/create_plan_check_scope.ts';
import { planTree } from '../../domain/plans/plan_cell.ts';
import { evaluateCell, type CellStatus } from '../../domain/sizing/evaluate_cell.ts';
import { findRule } from '../../domain/sizing/sizing_rule.ts';
import { COVERAGE_KINDS, type CoverageProblem } from '../../domain/coverage/coverage_problem.ts';
import { checkCoverageIn } from '../check_coverage.ts';

export interface PlanCheckCell {
  code: string;
  name: string;
  level: string;
  households: number;
  people: number;
  facilities: number;
  band: { min: number | null; max: number | null } | null;
  status: CellStatus;
  deviation: number;
  deviation_pct: number | null;
}

export interface PlanCheck {
  cells: PlanCheckCell[];
  problems: { type: 'FeatureCollection'; features: CoverageProblem[] };
  ms: number;
}

const KINDS = COVERAGE_KINDS.filter((k) => k !== 'orphan');

/**
 * The live check after an edit: each touched cell's tallies (the published households and
 * facilities inside its drafted outline) against its sizing rule, and the coverage problems
 * among the touched cells' parents' children. The coverage part is the same checker as GET
 * /api/coverage (checkCoverageIn), run on the draft through a transaction-local table (see
 * createPlanCheckScope); orphans belong to the whole town and are not re-checked here.
 * `problems: false` leaves the coverage part out (the planner's sizing colours of a whole draft).
 */
export async function checkPlan(db: Db, planId: number, codes?: string[], options: { problems?: boolean } = {}): Promise<PlanCheck> {
  const started = performance.now();
  const plan = await selectPlan(db, planId);
  if (!plan) throw new NotFoundError(`No plan ${planId}.`);
  const all = await selectPlanCells(db, planId);
  const tree = planTree(all, plan.root);
  const touched = codes ?? plan.last_touched;
  const live = touched.filter((c) => tree.byCode.has(c));
  const parents = new Set<string>();
  for (const c of all) {
    if (!touched.includes(c.code)) continue;
    if (c.parentCode && tree.byCode.has(c.parentCode)) parents.add(c.parentCode);
    if (!c.deleted && tree.children.has(c.code)) parents.add(c.code);
  }

  const [tallies, rules] = await Promise.all([selectPlanCellTallies(db, planId, live), selectSizingRules(db)]);
  const cells = tallies.map((t): PlanCheckCell => {
    const e = evaluateCell({ households: t.households, people: t.people, floating: t.floating, facilities: t.facilities, eventsPerMonth: null }, t.kind, findRule(rules, t.level, t.kind));
    return {
      code: t.code, name: t.name, level: t.level, households: t.households, people: t.people, facilities: t.facilities,
      band: e.band, status: e.status, deviation: e.deviation.households, deviation_pct: e.deviation.percent,
    };
  });

  // Tallies only (problems: false) for a view that colours every cell by its sizing status.
  const features = parents.size === 0 || options.problems === false ? [] : await db.transaction(async (tx) => {
    if (db.driver === 'postgres') await tx.query('set local jit = off');
    const tops = await createPlanCheckScope(tx, planId, plan.region, [...parents]);
    const found = new Map<string, CoverageProblem>();
    for (const top of tops) {
      const report = await checkCoverageIn(tx, { root: top, kinds: [...KINDS] });
      for (const p of report.features) found.set(p.id, p);
    }
    return [...found.values()];
  });
  return { cells, problems: { type: 'FeatureCollection', features }, ms: Math.round(performance.now() - started) };
}
