import type { SizingCell } from './sizing_types.ts';

/**
 * Diverging classes of a grid's deviation from the middle of its band (mid_deviation_percent:
 * 300 households is 0 for a 200–400 band), blue for too few and red for too many. The breaks sit
 * on the band's edges (±33.3 %) and half-way inside it, so that in-band grids are pale and
 * breaches saturated (ColorBrewer RdBu, 7 classes).
 */
export const DEVIATION_CLASSES = [
  { key: 'under-far', upTo: -50, colour: '#2166ac' },
  { key: 'under', upTo: -100 / 3, colour: '#67a9cf' },
  { key: 'low', upTo: -50 / 3, colour: '#d1e5f0' },
  { key: 'mid', upTo: 50 / 3, colour: '#f7f7f7' },
  { key: 'high', upTo: 100 / 3, colour: '#fddbc7' },
  { key: 'over', upTo: 50, colour: '#ef8a62' },
  { key: 'over-far', upTo: Infinity, colour: '#b2182b' },
] as const;
export type DeviationClass = (typeof DEVIATION_CLASSES)[number]['key'] | 'exempt';

export const EXEMPT_COLOUR = '#b4a7d6';
export const UNKNOWN_COLOUR = '#cccccc';

/**
 * The class of a grid: exempt (dedicated grids, no rule) or the band its deviation falls in. The
 * breaks fit a band whose top is twice its bottom (200–400); under another band the status still
 * wins, so that a grid in band is never painted as a breach nor the other way round.
 * Example: deviationClass({ status: 'over', mid_deviation_percent: 37 }) → 'over'; deviationClass({ status: 'exempt', … }) → 'exempt'.
 */
export function deviationClass(c: Pick<SizingCell, 'status' | 'mid_deviation_percent'>): DeviationClass {
  if (c.status === 'exempt' || c.status === 'no_rule') return 'exempt';
  // A band with one bound has no middle: its status alone colours the grid.
  if (c.mid_deviation_percent === null) return c.status === 'within' ? 'mid' : c.status;
  const d = c.mid_deviation_percent;
  // On a break, the class nearer the middle: 200 households (−33.3 %) is in band. The server
  // rounds the percentage to 0.1, hence the half-step of slack on the thirds.
  const beyond = (limit: number) => Math.abs(d) > limit + (Number.isInteger(limit) ? 0 : 0.05);
  let k: DeviationClass;
  if (d < 0) k = beyond(50) ? 'under-far' : beyond(100 / 3) ? 'under' : beyond(50 / 3) ? 'low' : 'mid';
  else k = beyond(50) ? 'over-far' : beyond(100 / 3) ? 'over' : beyond(50 / 3) ? 'high' : 'mid';
  if (c.status === 'under' && k !== 'under-far') k = 'under';
  if (c.status === 'over' && k !== 'over-far') k = 'over';
  if (c.status === 'within' && (k === 'under-far' || k === 'under')) k = 'low';
  if (c.status === 'within' && (k === 'over-far' || k === 'over')) k = 'high';
  return k;
}

export function classColour(k: DeviationClass): string {
  return k === 'exempt' ? EXEMPT_COLOUR : DEVIATION_CLASSES.find((c) => c.key === k)!.colour;
}

/**
 * A MapLibre expression colouring the grids' tile features by their code; grids outside the
 * report are grey. Example: deviationFill([{ code: 'G1', status: 'over', mid_deviation_percent: 60 }]) → ['match', ['get', 'code'], 'G1', '#b2182b', '#cccccc'].
 */
export function deviationFill(cells: readonly Pick<SizingCell, 'code' | 'status' | 'mid_deviation_percent'>[]): unknown[] | string {
  if (cells.length === 0) return UNKNOWN_COLOUR;
  return ['match', ['get', 'code'], ...cells.flatMap((c) => [c.code, classColour(deviationClass(c))]), UNKNOWN_COLOUR];
}

/** How many grids fall in each class, for the legend. */
export function countByClass(cells: readonly Pick<SizingCell, 'status' | 'mid_deviation_percent'>[]): Record<DeviationClass, number> {
  const out = Object.fromEntries([...DEVIATION_CLASSES.map((c) => [c.key, 0]), ['exempt', 0]]) as Record<DeviationClass, number>;
  for (const c of cells) out[deviationClass(c)]++;
  return out;
}
