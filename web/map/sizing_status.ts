// Types only: the sizing verdict is the server's (server/domain/sizing/households_verdict.ts),
// sent with each area's counts; the map shows it and never applies the rules itself.
import type { AreaCounts } from '../../server/tiles/select_area_counts.ts';
import type { HouseholdsVerdict } from '../../server/domain/sizing/households_verdict.ts';
import type { CellStatus } from '../../server/domain/sizing/evaluate_cell.ts';
import type { Band } from '../../server/domain/sizing/sizing_rule.ts';

export type SizingStatus = CellStatus;

/** A row of /tiles/{layer}/counts.json: the counts, and the server's sizing verdict on them. */
export type AreaCountsRow = AreaCounts & { sizing: HouseholdsVerdict };

/** A band's bounds as the legend's words fill them in ({min}, {max}); a bound not checked shows as a dash. */
export function bandWords(band: Band | null): { min: string; max: string } {
  return { min: String(band?.min ?? '–'), max: String(band?.max ?? '–') };
}

/**
 * The band base grids are held to, as the server's verdicts say (the legend names it), or null
 * when no base grid carries one.
 * Example: baseGridBand([{ kind: 'base', sizing: { status: 'within', band: { min: 200, max: 400 } }, … }]) → { min: 200, max: 400 }.
 */
export function baseGridBand(rows: readonly AreaCountsRow[]): Band | null {
  return rows.find((r) => r.kind === 'base' && r.sizing.band)?.sizing.band ?? null;
}

export const SIZING_COLOURS: Record<SizingStatus, string> = {
  under: '#f6b26b',
  within: '#93c47d',
  over: '#e06666',
  exempt: '#b4a7d6',
  no_rule: '#cccccc',
};

/**
 * The feature-state to set on each area feature of a tile layer (by its numeric id), from the
 * counts the server sends: its verdict and the households, for colouring and labels.
 * Example: sizingStates([{ id: 5, households: 420, sizing: { status: 'over', … }, … }]) → [{ id: 5, state: { status: 'over', households: 420 } }].
 */
export function sizingStates(rows: readonly AreaCountsRow[]): { id: number; state: { status: SizingStatus; households: number } }[] {
  return rows.map((r) => ({ id: r.id, state: { status: r.sizing.status, households: r.households } }));
}

/** How many areas fall in each status, for the legend. */
export function countByStatus(rows: readonly AreaCountsRow[]): Record<SizingStatus, number> {
  const out: Record<SizingStatus, number> = { under: 0, within: 0, over: 0, exempt: 0, no_rule: 0 };
  for (const r of rows) out[r.sizing.status]++;
  return out;
}
