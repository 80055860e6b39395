import type { AreaCounts } from '../../server/tiles/select_area_counts.ts';
import { DEDICATED_KINDS, type Band } from '../../server/domain/sizing/sizing_rule.ts';

export type SizingStatus = 'under' | 'within' | 'over' | 'exempt';

/** What the map needs of a rule of GET /api/sizing/rules (网格规模标准). */
export interface GridRule {
  level: string;
  kind: string;
  households: Band;
  exempt_dedicated: boolean;
}

/** The seeds' standard (a base grid holds 200–400 households; dedicated grids are exempt): the map's colours until it has read the rules in force. */
export const SEED_RULES: readonly GridRule[] = [{ level: 'grid', kind: '*', households: { min: 200, max: 400 }, exempt_dedicated: true }];

/**
 * The households band grids of `kind` are held to, or null when they are exempt, as the server's
 * evaluateCell decides: the kind's own rule, else the level's default, which exempts dedicated
 * grids (专属网格) when it says so.
 * Example: gridBand(SEED_RULES, 'school') → null; gridBand(SEED_RULES, 'base') → { min: 200, max: 400 }.
 */
export function gridBand(rules: readonly GridRule[], kind: string): Band | null {
  const rule = rules.find((r) => r.level === 'grid' && r.kind === kind) ?? rules.find((r) => r.level === 'grid' && r.kind === '*');
  if (!rule || (rule.kind === '*' && rule.exempt_dedicated && DEDICATED_KINDS.has(kind))) return null;
  return rule.households.min === null && rule.households.max === null ? null : rule.households;
}

/**
 * Where a grid stands against the sizing rules in force.
 * Example: sizingStatus('base', 180) → 'under'; sizingStatus('school', 0) → 'exempt'.
 */
export function sizingStatus(kind: string, households: number, rules: readonly GridRule[] = SEED_RULES): SizingStatus {
  const band = gridBand(rules, kind);
  if (!band) return 'exempt';
  if (band.min !== null && households < band.min) return 'under';
  if (band.max !== null && households > band.max) return 'over';
  return 'within';
}

/** A band's bounds as the legend's words fill them in ({min}, {max}); a bound not checked shows as a dash. */
export function bandWords(band: Band | null): { min: string; max: string } {
  return { min: String(band?.min ?? '–'), max: String(band?.max ?? '–') };
}

export const SIZING_COLOURS: Record<SizingStatus, string> = {
  under: '#f6b26b',
  within: '#93c47d',
  over: '#e06666',
  exempt: '#b4a7d6',
};

/** A row of /tiles/{layer}/counts.json, as the server defines it (a type only: nothing is bundled). */
export type AreaCountsRow = AreaCounts;

/**
 * The feature-state to set on each area feature of a tile layer (by its numeric id), from the
 * counts the server sends: the status and the counts themselves, for colouring and labels.
 * Example: sizingStates([{ id: 5, kind: 'base', households: 420, … }]) → [{ id: 5, state: { status: 'over', households: 420 } }].
 */
export function sizingStates(rows: AreaCountsRow[], rules: readonly GridRule[] = SEED_RULES): { id: number; state: { status: SizingStatus; households: number } }[] {
  return rows.map((r) => ({ id: r.id, state: { status: sizingStatus(r.kind, r.households, rules), households: r.households } }));
}

/** How many areas fall in each status, for the legend. */
export function countByStatus(rows: AreaCountsRow[], rules: readonly GridRule[] = SEED_RULES): Record<SizingStatus, number> {
  const out: Record<SizingStatus, number> = { under: 0, within: 0, over: 0, exempt: 0 };
  for (const r of rows) out[sizingStatus(r.kind, r.households, rules)]++;
  return out;
}
