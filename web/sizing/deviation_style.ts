import type { SizingCell } from './sizing_types.ts';

/**
 * Diverging classes of a grid's households against its band, measured from the band's middle in
 * half-widths of the band (for 200–400: 300 is 0, 200 and 400 are ∓1), blue for too few and red
 * for too many. The breaks sit on the band's edges and half-way inside it, so that in-band grids
 * are pale and breaches saturated, whatever band the rules set (ColorBrewer RdBu, 7 classes).
 */
export const DEVIATION_CLASSES = [
  { key: 'under-far', colour: '#2166ac' },
  { key: 'under', colour: '#67a9cf' },
  { key: 'low', colour: '#d1e5f0' },
  { key: 'mid', colour: '#f7f7f7' },
  { key: 'high', colour: '#fddbc7' },
  { key: 'over', colour: '#ef8a62' },
  { key: 'over-far', colour: '#b2182b' },
] as const;
export type DeviationClass = (typeof DEVIATION_CLASSES)[number]['key'] | 'exempt';

export const EXEMPT_COLOUR = '#b4a7d6';
export const UNKNOWN_COLOUR = '#cccccc';

/**
 * The class of a grid: exempt (dedicated grids, no rule) or where its households fall against its
 * band. On a break, the class nearer the middle: a grid on the band's edge is in band, and half a
 * band beyond it is still "under"/"over", not "far".
 * Example: deviationClass({ status: 'over', households: 460, band: { min: 200, max: 400 } }) → 'over-far'.
 */
export function deviationClass(c: Pick<SizingCell, 'status' | 'households' | 'band'>): DeviationClass {
  if (c.status === 'exempt' || c.status === 'no_rule') return 'exempt';
  const b = c.band;
  // A band with one bound has no middle: its status alone colours the grid.
  if (!b || b.min === null || b.max === null || b.max <= b.min) return c.status === 'within' ? 'mid' : c.status;
  const half = (b.max - b.min) / 2;
  const d = (c.households - (b.min + half)) / half;
  const side = <T>(under: T, over: T) => (d < 0 ? under : over);
  const a = Math.abs(d);
  return a <= 0.5 ? 'mid' : a <= 1 ? side('low', 'high') : a <= 1.5 ? side('under', 'over') : side('under-far', 'over-far');
}

export function classColour(k: DeviationClass): string {
  return k === 'exempt' ? EXEMPT_COLOUR : DEVIATION_CLASSES.find((c) => c.key === k)!.colour;
}

/**
 * A MapLibre expression colouring the grids' tile features by their code; grids outside the
 * report are grey. Example: deviationFill([{ code: 'G1', status: 'over', households: 480, band: { min: 200, max: 400 } }]) → ['match', ['get', 'code'], 'G1', '#b2182b', '#cccccc'].
 */
export function deviationFill(cells: readonly Pick<SizingCell, 'code' | 'status' | 'households' | 'band'>[]): unknown[] | string {
  if (cells.length === 0) return UNKNOWN_COLOUR;
  return ['match', ['get', 'code'], ...cells.flatMap((c) => [c.code, classColour(deviationClass(c))]), UNKNOWN_COLOUR];
}

/** How many grids fall in each class, for the legend. */
export function countByClass(cells: readonly Pick<SizingCell, 'status' | 'households' | 'band'>[]): Record<DeviationClass, number> {
  const out = Object.fromEntries([...DEVIATION_CLASSES.map((c) => [c.key, 0]), ['exempt', 0]]) as Record<DeviationClass, number>;
  for (const c of cells) out[deviationClass(c)]++;
  return out;
}
