import { currentLang, tValue } from '../i18n.ts';
import { m } from './messages.ts';

/**
 * The sizing rules (网格规模标准) as GET/PUT /api/sizing/rules carry them, and the pure steps of
 * the analyst view's rules panel: describing a rule in words, editing a copy of the set as text,
 * parsing it back, and putting the server's problems beside the field they name.
 */

export const MEASURES = ['households', 'people', 'floating', 'facilities', 'events_per_month'] as const;
export type Measure = (typeof MEASURES)[number];
export const RATIOS = ['community_workers_per_10k', 'grid_workers_per_grid'] as const;
export type Ratio = (typeof RATIOS)[number];
/** A limit a rule may set or leave out: a band on a measure, or a staff ratio. */
export type Limit = Measure | Ratio;
export const LIMITS: readonly Limit[] = [...MEASURES, ...RATIOS];
/** The kinds the server accepts; '*' is the level's default rule. */
export const RULE_KINDS = ['*', 'base', 'village', 'school', 'hospital', 'institution', 'enterprise', 'estate'] as const;
/** Levels offered when adding a rule; the server takes any level name. */
export const KNOWN_LEVELS = ['town', 'community', 'grid', 'subgrid', 'unit'] as const;
const LEVEL_NAME = /^[a-z][a-z0-9_]*$/;

export interface ApiBand {
  min: number | null;
  max: number | null;
}

export interface ApiRule {
  level: string;
  kind: string;
  households: ApiBand;
  people: ApiBand;
  floating: ApiBand;
  facilities: ApiBand;
  events_per_month: ApiBand;
  community_workers_per_10k: number | null;
  grid_workers_per_grid: number | null;
  exempt_dedicated: boolean;
}

/** A rule being edited: numbers as the text typed; a limit absent from the record is not set. */
export interface RuleDraft {
  level: string;
  kind: string;
  bands: Partial<Record<Measure, { min: string; max: string }>>;
  ratios: Partial<Record<Ratio, string>>;
  exempt_dedicated: boolean;
}

/** A problem with a field, named as the server names it: `rules.0.households.min`. */
export interface FieldProblem {
  field: string;
  problem: string;
}

const isRatio = (l: Limit): l is Ratio => (RATIOS as readonly string[]).includes(l);
const bandSet = (b: ApiBand) => b.min !== null || b.max !== null;

/**
 * Rules in reading order: by level from the town down (unknown levels after, by name), the
 * level's default ('*') before its kinds.
 * Example: sortRules([{ level: 'grid', kind: 'school' }, { level: 'community', kind: '*' }, { level: 'grid', kind: '*' }]) → community/*, grid/*, grid/school.
 */
export function sortRules<R extends Pick<ApiRule, 'level' | 'kind'>>(rules: readonly R[]): R[] {
  const levelRank = (l: string) => {
    const i = (KNOWN_LEVELS as readonly string[]).indexOf(l);
    return i < 0 ? KNOWN_LEVELS.length : i;
  };
  const kindRank = (k: string) => {
    const i = (RULE_KINDS as readonly string[]).indexOf(k);
    return i < 0 ? RULE_KINDS.length : i;
  };
  return [...rules].sort((a, b) => levelRank(a.level) - levelRank(b.level) || a.level.localeCompare(b.level) || kindRank(a.kind) - kindRank(b.kind) || a.kind.localeCompare(b.kind));
}

/**
 * The rule whose households band GET /api/sizing marks on its histogram for `level`: the level's
 * rule for base grids, else the level's default (as the server's findRule(rules, level, 'base')).
 * Example: reportRule([{ level: 'grid', kind: '*', … }], 'grid') → that rule.
 */
export function reportRule<R extends Pick<ApiRule, 'level' | 'kind'>>(rules: readonly R[], level: string): R | null {
  return rules.find((r) => r.level === level && r.kind === 'base') ?? rules.find((r) => r.level === level && r.kind === '*') ?? null;
}

/** "网格 · 所有类型（默认）": a rule's level and kind in words. */
export function ruleTitle(r: Pick<ApiRule, 'level' | 'kind'>): string {
  return `${tValue('level', r.level)} · ${r.kind === '*' ? m('rules.anyKind') : tValue('kind', r.kind)}`;
}

/**
 * A band in words with its measure's unit, or null when neither bound is set.
 * Example: formatBand({ min: 200, max: 400 }, 'households') → '200–400 户'; { min: 200, max: null } → '至少 200 户'.
 */
export function formatBand(b: ApiBand, measure: Measure): string | null {
  const unit = m(`rules.unit.${measure}`);
  if (b.min !== null && b.max !== null) return `${b.min}–${b.max} ${unit}`;
  if (b.min !== null) return m('rules.atLeast', { n: b.min, unit });
  if (b.max !== null) return m('rules.atMost', { n: b.max, unit });
  return null;
}

/**
 * Every limit a rule sets, in words: bands first (households leading), then staff ratios, then
 * whether dedicated grids are exempt (only a level's default rule exempts them: the server
 * applies a kind's own rule to that kind).
 * Example: describeRule(grid default 200–400, 1 worker, exempt) → ['户数 200–400 户', '专职网格员 每个网格 1 名', '专属网格：豁免'].
 */
export function describeRule(r: ApiRule): { limit: Limit | 'exempt'; text: string }[] {
  const out: { limit: Limit | 'exempt'; text: string }[] = [];
  for (const measure of MEASURES) {
    const text = formatBand(r[measure], measure);
    if (text) out.push({ limit: measure, text: `${m(`rules.measure.${measure}`)} ${text}` });
  }
  if (r.community_workers_per_10k !== null) out.push({ limit: 'community_workers_per_10k', text: m('rules.ratio.community_workers_per_10k.text', { n: r.community_workers_per_10k }) });
  if (r.grid_workers_per_grid !== null) out.push({ limit: 'grid_workers_per_grid', text: m('rules.ratio.grid_workers_per_grid.text', { n: r.grid_workers_per_grid }) });
  if (r.kind === '*') out.push({ limit: 'exempt', text: m(r.exempt_dedicated ? 'rules.exempt.yes' : 'rules.exempt.no') });
  return out;
}

/** An editable copy of the rules, in reading order. */
export function toDrafts(rules: readonly ApiRule[]): RuleDraft[] {
  return sortRules(rules).map((r) => {
    const d = emptyDraft(r.level, r.kind);
    d.exempt_dedicated = r.exempt_dedicated;
    for (const measure of MEASURES) if (bandSet(r[measure])) d.bands[measure] = { min: r[measure].min?.toString() ?? '', max: r[measure].max?.toString() ?? '' };
    for (const ratio of RATIOS) if (r[ratio] !== null) d.ratios[ratio] = String(r[ratio]);
    return d;
  });
}

/** A new rule for `level` and `kind` that sets nothing yet; dedicated grids exempt, as the server's default. */
export function emptyDraft(level: string, kind: string): RuleDraft {
  return { level, kind, bands: {}, ratios: {}, exempt_dedicated: true };
}

/** The limits a draft does not set yet, for its "add a limit" choice. */
export function unsetLimits(d: RuleDraft): Limit[] {
  return LIMITS.filter((l) => !hasLimit(d, l));
}

export function hasLimit(d: RuleDraft, l: Limit): boolean {
  return isRatio(l) ? d.ratios[l] !== undefined : d.bands[l] !== undefined;
}

/** Sets (empty, to be filled in) or removes one limit of a draft, in place. */
export function setLimit(d: RuleDraft, l: Limit, on: boolean): void {
  if (isRatio(l)) {
    if (!on) delete d.ratios[l];
    else d.ratios[l] ??= '';
  } else if (!on) delete d.bands[l];
  else d.bands[l] ??= { min: '', max: '' };
}

/**
 * Reads a number typed into a field: '' is "not set" (null); anything else must be a whole
 * number ≥ 0 (a decimal where `decimal`). Example: parseCount(' 250 ') → { value: 250 }; parseCount('2.5') → { problem }.
 */
export function parseCount(text: string, decimal = false): { value: number | null; problem?: undefined } | { value?: undefined; problem: string } {
  const s = text.trim();
  if (s === '') return { value: null };
  const ok = decimal ? /^\d+(\.\d+)?$/.test(s) : /^\d+$/.test(s);
  const n = Number(s);
  if (!ok || !Number.isFinite(n)) return { problem: m(decimal ? 'rules.problem.decimal' : 'rules.problem.whole', { text: s }) };
  return { value: n };
}

/**
 * The drafts as the PUT body's `rules`, or the problems that stop it being sent: a number that
 * is not one, a level name the server would refuse, a limit added but left empty. Whether a band
 * is the right way round or a rule repeated is the server's to say (its 400 names the field).
 * Fields are named as the server names them, by the draft's index: `rules.2.households.max`.
 */
export function fromDrafts(drafts: readonly RuleDraft[]): { rules: ApiRule[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const rules = drafts.map((d, i) => {
    const at = `rules.${i}`;
    const level = d.level.trim();
    if (!LEVEL_NAME.test(level)) problems.push({ field: `${at}.level`, problem: m('rules.problem.level', { text: level }) });
    const read = (field: string, text: string, decimal = false) => {
      const r = parseCount(text, decimal);
      if (r.problem !== undefined) problems.push({ field, problem: r.problem });
      return r.value ?? null;
    };
    const rule: ApiRule = {
      level, kind: d.kind,
      households: { min: null, max: null }, people: { min: null, max: null }, floating: { min: null, max: null },
      facilities: { min: null, max: null }, events_per_month: { min: null, max: null },
      community_workers_per_10k: null, grid_workers_per_grid: null,
      exempt_dedicated: d.exempt_dedicated,
    };
    for (const measure of MEASURES) {
      const b = d.bands[measure];
      if (!b) continue;
      rule[measure] = { min: read(`${at}.${measure}.min`, b.min), max: read(`${at}.${measure}.max`, b.max) };
      if (b.min.trim() === '' && b.max.trim() === '') problems.push({ field: `${at}.${measure}`, problem: m('rules.problem.emptyBand') });
    }
    for (const ratio of RATIOS) {
      const text = d.ratios[ratio];
      if (text === undefined) continue;
      rule[ratio] = read(`${at}.${ratio}`, text, ratio === 'community_workers_per_10k');
      if (text.trim() === '') problems.push({ field: `${at}.${ratio}`, problem: m('rules.problem.emptyRatio') });
    }
    return rule;
  });
  return { rules, problems: dedupe(problems) };
}

function dedupe(problems: FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(`${p.field}\n${p.problem}`) && !!seen.add(`${p.field}\n${p.problem}`));
}

/**
 * Puts each problem beside the most specific field the form shows: the field itself, else the
 * nearest enclosing one (`rules.0.households.min` → `rules.0.households` → `rules.0`), else ''
 * (the panel's head: `body`, `rules`, or a field the form does not show).
 * Example: placeProblems([{ field: 'rules.0.households', problem: 'min must not exceed max' }], new Set(['rules.0', 'rules.0.households'])) → Map { 'rules.0.households' → ['min must not exceed max'] }.
 */
export function placeProblems(problems: readonly FieldProblem[], fields: ReadonlySet<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of problems) {
    let f = p.field;
    while (f && !fields.has(f)) f = f.includes('.') ? f.slice(0, f.lastIndexOf('.')) : '';
    out.set(f, [...(out.get(f) ?? []), p.problem]);
  }
  return out;
}

/**
 * The fields the edit form shows for these drafts, named as the server names them: each rule
 * (whose head also takes problems with its level, kind and exemption), each band it sets and the
 * band's bounds, each ratio it sets.
 */
export function draftFields(drafts: readonly RuleDraft[]): Set<string> {
  const out = new Set<string>();
  drafts.forEach((d, i) => {
    const at = `rules.${i}`;
    out.add(at);
    for (const measure of MEASURES) if (d.bands[measure]) out.add(`${at}.${measure}`).add(`${at}.${measure}.min`).add(`${at}.${measure}.max`);
    for (const ratio of RATIOS) if (d.ratios[ratio] !== undefined) out.add(`${at}.${ratio}`);
  });
  return out;
}

/** The problems of a 400 answer's body (`{ message, problems: [{ field, problem }] }`), the message alone when it lists none. */
export function serverProblems(body: unknown): FieldProblem[] {
  const b = (body ?? {}) as { message?: unknown; problems?: unknown };
  const list = Array.isArray(b.problems)
    ? b.problems
        .filter((p): p is { field?: unknown; problem: unknown } => typeof p === 'object' && p !== null && 'problem' in p)
        .map((p) => ({ field: typeof p.field === 'string' ? p.field : '', problem: String(p.problem) }))
    : [];
  return list.length ? list : [{ field: '', problem: typeof b.message === 'string' ? b.message : m('rules.problem.unknown') }];
}

/**
 * zh-CN words for the problems PUT /api/sizing/rules states in English (its schema's messages),
 * shown beside the server's own; null in English or for a problem not known here.
 * Example: glossProblem('min must not exceed max') → '下限不能大于上限'.
 */
export function glossProblem(problem: string): string | null {
  if (currentLang() !== 'zh-CN') return null;
  if (problem === 'min must not exceed max') return m('rules.gloss.minMax');
  const repeated = /^a second rule for level "(.+)" and kind "(.+)" \(the first is rules\[\d+\]\)$/.exec(problem);
  if (repeated) return m('rules.gloss.repeated', { level: tValue('level', repeated[1]), kind: repeated[2] === '*' ? m('rules.anyKind') : tValue('kind', repeated[2]) });
  return null;
}
