import { bandStatus, type BandCheck } from './band_status.ts';
import { DEDICATED_KINDS, type Band, type SizingRule } from './sizing_rule.ts';

export interface CellCounts {
  households: number;
  people: number;
  floating: number;
  facilities: number;
  /** null while events are not counted. */
  eventsPerMonth: number | null;
}

export type CellStatus = 'under' | 'within' | 'over' | 'exempt' | 'no_rule';

export interface CellEvaluation {
  /** The households band decides the status; the other measures are in `checks`. */
  status: CellStatus;
  band: Band | null;
  deviation: { households: number; percent: number | null };
  /** Every measure the rule bands, with its own status (households included). */
  checks: Partial<Record<Measure, BandCheck & { band: Band }>>;
  /** The measures out of their band, households first. */
  breaches: Measure[];
  /** Measures the rule bands but that could not be counted (events, before events exist). */
  uncounted: Measure[];
  staff: { gridWorkersRequired: number | null };
}

export type Measure = 'households' | 'people' | 'floating' | 'facilities' | 'eventsPerMonth';
const MEASURES: Measure[] = ['households', 'people', 'floating', 'facilities', 'eventsPerMonth'];

/**
 * Checks one cell's counts against its rule. Dedicated cells (专属网格) are `exempt` when the
 * level's default rule (kind '*') says so and their kind has no rule of its own; a cell with no rule, or whose rule bands nothing, is `no_rule` for households.
 *
 * @example
 * evaluateCell({ households: 450, people: 1200, floating: 30, facilities: 2, eventsPerMonth: null }, 'base', rule)
 * // { status: 'over', band: { min: 200, max: 400 }, deviation: { households: 50, percent: 12.5 }, … }
 */
export function evaluateCell(counts: CellCounts, kind: string, rule: SizingRule | null): CellEvaluation {
  const none: CellEvaluation = {
    status: 'no_rule',
    band: null,
    deviation: { households: 0, percent: null },
    checks: {},
    breaches: [],
    uncounted: [],
    staff: { gridWorkersRequired: rule?.gridWorkersPerGrid ?? null },
  };
  if (!rule) return none;
  // Only the level's default exempts: a rule written for a dedicated kind is meant to apply.
  if (rule.kind === '*' && rule.exemptDedicated && DEDICATED_KINDS.has(kind)) return { ...none, status: 'exempt' };

  const checks: CellEvaluation['checks'] = {};
  const breaches: Measure[] = [];
  const uncounted: Measure[] = [];
  for (const m of MEASURES) {
    const band = rule[m];
    if (band.min === null && band.max === null) continue;
    const value = counts[m];
    if (value === null) {
      uncounted.push(m);
      continue;
    }
    const check = bandStatus(value, band);
    checks[m] = { ...check, band };
    if (check.status !== 'within') breaches.push(m);
  }
  const h = checks.households;
  return {
    ...none,
    status: h ? h.status : 'no_rule',
    band: h ? h.band : null,
    deviation: { households: h?.deviation ?? 0, percent: h ? h.percent : null },
    checks,
    breaches,
    uncounted,
  };
}
