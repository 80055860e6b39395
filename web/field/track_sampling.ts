import { distance } from '@turf/turf';

/** A fix from the phone's Geolocation: degrees, epoch ms, accuracy radius in metres. */
export interface Fix {
  lon: number;
  lat: number;
  t: number;
  accuracy: number;
}

/** When a fix becomes a track point: after moving `minMetres`, or every `heartbeatMs` standing still. */
export interface SamplingRule {
  minMetres: number;
  heartbeatMs: number;
  /** Fixes vaguer than this (metres) are not recorded at all: indoors, the first seconds of a cold GPS. */
  maxAccuracyM: number;
}

export const DEFAULT_SAMPLING: SamplingRule = { minMetres: 8, heartbeatMs: 60_000, maxAccuracyM: 100 };

/** Metres between two fixes (turf's great-circle distance). */
export function metresBetween(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  return distance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' });
}

/**
 * Whether the phone records `next` as a track point, given the last point it recorded: a point
 * every few metres while walking (a phone reports a fix a second, far more than a track needs) and
 * one a minute standing still, so that the server knows the patrol went on. GPS jumps are the
 * server's to judge (keepTrackPoints): the phone records what it got, in time order.
 *
 *   shouldRecord(null, fix)                                   // → true: the first point
 *   shouldRecord({ …, t: 0 }, { 3 m away, t: 5000 })         // → false
 *   shouldRecord({ …, t: 0 }, { 12 m away, t: 5000 })        // → true
 */
export function shouldRecord(last: Fix | null, next: Fix, rule: SamplingRule = DEFAULT_SAMPLING): boolean {
  if (next.accuracy > rule.maxAccuracyM) return false;
  if (!last) return true;
  if (next.t <= last.t) return false;
  return metresBetween(last, next) >= rule.minMetres || next.t - last.t >= rule.heartbeatMs;
}

/** The length of a recorded track in metres. */
export function trackMetres(points: readonly { lon: number; lat: number }[]): number {
  let sum = 0;
  for (let i = 1; i < points.length; i++) sum += metresBetween(points[i - 1], points[i]);
  return sum;
}
