import { evaluateCell, type CellStatus } from './evaluate_cell.ts';
import { findRule, type Band, type SizingRule } from './sizing_rule.ts';

/** An area's households against the sizing rules in force: what the map colours it by. */
export interface HouseholdsVerdict {
  status: CellStatus;
  /** The households band it is held to; null when exempt or without a rule. */
  band: Band | null;
}

/**
 * The households verdict of evaluateCell for an area of `level` and `kind` (the rule found as
 * GET /api/sizing finds it), for callers that have the households only. The same verdict the
 * sizing report gives: the one-map shows it, and never decides it itself.
 *
 * @example householdsVerdict(rules, 'grid', 'base', 450) // { status: 'over', band: { min: 200, max: 400 } }
 */
export function householdsVerdict(rules: readonly SizingRule[], level: string, kind: string, households: number): HouseholdsVerdict {
  const e = evaluateCell({ households, people: 0, floating: 0, facilities: 0, eventsPerMonth: null }, kind, findRule(rules, level, kind));
  return { status: e.status, band: e.band };
}
