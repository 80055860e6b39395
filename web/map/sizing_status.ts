import type { AreaCounts } from '../../server/tiles/select_area_counts.ts';
/** The sizing rule (网格规模): a base grid holds 200–400 households; dedicated grids (专属网格) are exempt. */
export const SIZING_BAND = { min: 200, max: 400 } as const;

export type SizingStatus = 'under' | 'within' | 'over' | 'exempt';

/**
 * Where a grid stands against the sizing rule: only base grids are sized, everything else is
 * exempt (villages' own cells, dedicated grids for schools, hospitals, estates …).
 * Example: sizingStatus('base', 180) → 'under'; sizingStatus('school', 0) → 'exempt'.
 */
export function sizingStatus(kind: string, households: number, band: { min: number; max: number } = SIZING_BAND): SizingStatus {
  if (kind !== 'base') return 'exempt';
  if (households < band.min) return 'under';
  if (households > band.max) return 'over';
  return 'within';
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
export function sizingStates(rows: AreaCountsRow[]): { id: number; state: { status: SizingStatus; households: number } }[] {
  return rows.map((r) => ({ id: r.id, state: { status: sizingStatus(r.kind, r.households), households: r.households } }));
}

/** How many areas fall in each status, for the legend. */
export function countByStatus(rows: AreaCountsRow[]): Record<SizingStatus, number> {
  const out: Record<SizingStatus, number> = { under: 0, within: 0, over: 0, exempt: 0 };
  for (const r of rows) out[sizingStatus(r.kind, r.households)]++;
  return out;
}
