/**
 * A sizing rule (网格规模标准) for cells of one level and kind. `kind: '*'` is the level's
 * default. Bands are inclusive; a null bound is not checked.
 */
export interface SizingRule {
  level: string;
  kind: string;
  households: Band;
  people: Band;
  floating: Band;
  facilities: Band;
  eventsPerMonth: Band;
  /** 社区工作者 per 10,000 residents (the seeds say about 18). */
  communityWorkersPer10k: number | null;
  /** 专职网格员 per grid (the seeds say one). */
  gridWorkersPerGrid: number | null;
  /** On a level's default rule (kind '*'): dedicated cells (专属网格) without a rule of their own are `exempt`. */
  exemptDedicated: boolean;
}

export interface Band {
  min: number | null;
  max: number | null;
}

/** Kinds of cell that are dedicated grids (专属网格) rather than base grids. */
export const DEDICATED_KINDS: ReadonlySet<string> = new Set(['school', 'hospital', 'institution', 'enterprise', 'estate']);

/**
 * The rule that applies to a cell: its level and kind's own rule, else the level's default
 * (`kind: '*'`), else none.
 *
 * @example findRule(rules, 'grid', 'school') // the ('grid', 'school') rule, or ('grid', '*')
 */
export function findRule(rules: readonly SizingRule[], level: string, kind: string): SizingRule | null {
  return rules.find((r) => r.level === level && r.kind === kind) ?? rules.find((r) => r.level === level && r.kind === '*') ?? null;
}

/** An empty band, for rules that do not check a measure. */
export const NO_BAND: Band = Object.freeze({ min: null, max: null });
