/** A point of a patrol's track as a phone sends it: degrees, epoch milliseconds, metres. */
export interface TrackPoint {
  lon: number;
  lat: number;
  t: number;
  accuracy?: number | null;
}

/** What makes a fix a GPS jump: faster than anyone patrols on foot or e-bike, or too vague to draw. */
export interface JumpRule {
  /** Metres per second; 15 m/s is 54 km/h, beyond an e-bike in town. */
  maxSpeedMps: number;
  /** A fix whose reported accuracy radius is wider than this (metres) is not drawn. */
  maxAccuracyM: number;
}

export const DEFAULT_JUMP_RULE: JumpRule = { maxSpeedMps: 15, maxAccuracyM: 100 };

/** Great-circle distance in metres (haversine on a 6,371,008.8 m sphere: within 0.5% of the ellipsoid). */
export function metresBetween(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Which points of a batch to draw (`true`) and which are GPS jumps (`false`), given the last kept
 * point before the batch (`previous`, or null at a patrol's start). A point is a jump when its
 * accuracy radius exceeds the rule's, or when reaching it from the last kept point would take a
 * speed above the rule's. Measured from the last *kept* point, a single wild fix is dropped and
 * the track resumes at the next sane one; the points must already be in time order.
 *
 *   keepTrackPoints(null, [{ lon: 120, lat: 30, t: 0 }, { lon: 121, lat: 30, t: 5000 }, { lon: 120.0001, lat: 30, t: 10000 }])
 *   // → [true, false, true]: 96 km in 5 s is a jump, 10 m in 10 s is a walk
 */
export function keepTrackPoints(previous: TrackPoint | null, points: readonly TrackPoint[], rule: JumpRule = DEFAULT_JUMP_RULE): boolean[] {
  let last = previous;
  return points.map((p) => {
    if (p.accuracy != null && p.accuracy > rule.maxAccuracyM) return false;
    if (last) {
      const seconds = (p.t - last.t) / 1000;
      const metres = metresBetween(last, p);
      // Two fixes in the same second: only a jump if they are far apart.
      if (metres > rule.maxSpeedMps * Math.max(seconds, 1)) return false;
    }
    last = p;
    return true;
  });
}
