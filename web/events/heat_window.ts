/** The heatmap's time windows: the last day, week, month or year. */
export const HEAT_WINDOWS = ['24h', '7d', '30d', '1y'] as const;
export type HeatWindow = (typeof HEAT_WINDOWS)[number];

const HOURS: Record<HeatWindow, number> = { '24h': 24, '7d': 24 * 7, '30d': 24 * 30, '1y': 24 * 365 };

/** Where a window starts, as the ISO time the API takes in `from`. Example: windowFrom('24h', Date.parse('2026-01-02T00:00:00Z')) → '2026-01-01T00:00:00.000Z'. */
export function windowFrom(w: HeatWindow, nowMs: number): string {
  return new Date(nowMs - HOURS[w] * 3_600_000).toISOString();
}

/** As many events as the page fetches one by one for a heatmap; past this the server bins them. */
export const HEAT_POINT_LIMIT = 5000;

/**
 * Where the heatmap's weights come from. A day or a week of events is fetched as points (deck.gl
 * bins them on the GPU, and live arrivals join at once); a month or a year, or a short window that
 * holds more than HEAT_POINT_LIMIT events, is binned on the server (GET /api/events/heat), so a
 * year draws as fast as a day.
 * Example: heatSource('7d', 800) → 'points'; heatSource('7d', 12000) → 'bins'; heatSource('1y', 10) → 'bins'.
 */
export function heatSource(w: HeatWindow, eventsInWindow: number | null): 'points' | 'bins' {
  if (w === '30d' || w === '1y') return 'bins';
  return eventsInWindow !== null && eventsInWindow > HEAT_POINT_LIMIT ? 'bins' : 'points';
}

/** Heat weights from server bins ({ bins: [{ lon, lat, count }] }) or from event points (weight 1 each). */
export interface HeatWeight {
  position: [number, number];
  weight: number;
}

export function binsToWeights(bins: readonly { lon: number; lat: number; count: number }[]): HeatWeight[] {
  return bins.filter((b) => b.count > 0).map((b) => ({ position: [b.lon, b.lat], weight: b.count }));
}
