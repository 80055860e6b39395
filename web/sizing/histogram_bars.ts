/** A bar of the households-per-grid histogram, in the SVG's own units. */
export interface HistogramBar {
  from: number;
  to: number;
  count: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The bin lies wholly inside the band. */
  inBand: boolean;
}

export interface HistogramLayout {
  bars: HistogramBar[];
  /** The band's edges as x positions (null: no band to mark). */
  band: { x0: number; x1: number; min: number; max: number } | null;
  /** Labels along the x axis: households at x. */
  ticks: { x: number; value: number }[];
  maxCount: number;
}

/**
 * Lays out the histogram of households per grid (GET /api/sizing's `histogram`) in a box of
 * width × height with the band marked; the x scale runs from 0 to the last bin's end or the band's
 * top, whichever is larger, so the band always shows.
 * Example: histogramBars({ bins: [{ from: 0, to: 100, count: 2 }, { from: 100, to: 200, count: 1 }] }, { min: 100, max: 200 }, 200, 100).band → { x0: 100, x1: 200, … }.
 */
export function histogramBars(
  histogram: { bins: readonly { from: number; to: number; count: number }[] },
  band: { min: number | null; max: number | null } | null,
  width: number,
  height: number,
): HistogramLayout {
  const bins = histogram.bins;
  const top = Math.max(bins.at(-1)?.to ?? 0, band?.max ?? 0, 1);
  const maxCount = Math.max(1, ...bins.map((b) => b.count));
  const x = (v: number) => (v / top) * width;
  const bars = bins.map((b) => {
    const h = (b.count / maxCount) * height;
    return {
      ...b,
      x: x(b.from),
      y: height - h,
      width: Math.max(0, x(b.to) - x(b.from) - 1),
      height: h,
      inBand: band !== null && band.min !== null && band.max !== null && b.from >= band.min && b.to <= band.max,
    };
  });
  const step = top <= 500 ? 100 : top <= 1200 ? 200 : 500;
  const ticks = Array.from({ length: Math.floor(top / step) + 1 }, (_, i) => ({ x: x(i * step), value: i * step }));
  const markedBand = band && band.min !== null && band.max !== null ? { x0: x(band.min), x1: x(band.max), min: band.min, max: band.max } : null;
  return { bars, band: markedBand, ticks, maxCount };
}
