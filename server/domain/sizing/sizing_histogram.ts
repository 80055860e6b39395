export interface SizingHistogram {
  bin_width: number;
  bins: { from: number; to: number; count: number }[];
}

/**
 * Households per cell in bins of `binWidth` (default 25), from 0 to just past the largest:
 * what the analyst view draws, with the band marked over it.
 *
 * @example sizingHistogram([10, 30, 30], 25).bins // [{ from: 0, to: 25, count: 1 }, { from: 25, to: 50, count: 2 }]
 */
export function sizingHistogram(values: readonly number[], binWidth = 25): SizingHistogram {
  const top = values.length ? Math.max(...values) : 0;
  const bins = Array.from({ length: Math.floor(top / binWidth) + 1 }, (_, i) => ({ from: i * binWidth, to: (i + 1) * binWidth, count: 0 }));
  for (const v of values) bins[Math.floor(Math.max(0, v) / binWidth)].count++;
  return { bin_width: binWidth, bins };
}
