import type { Problem } from '../../errors.ts';
import type { TrackPoint } from './filter_track_points.ts';

/**
 * What is wrong with a batch of track points, each problem naming the point's index and field:
 * a time not after the point before it (in the batch, or the last one stored: `after`), a time
 * before the patrol started, or one more than `futureMs` ahead of `now`. Coordinates are
 * range-checked by the body's schema before this.
 *
 *   trackProblems([{ lon: 120, lat: 30, t: 2000 }, { lon: 120, lat: 30, t: 1000 }], { after: null, startedAt: 0, now: 5000 })
 *   // → [{ index: 1, field: 'points[1].t', problem: '… not after points[0] …' }]
 */
export function trackProblems(points: readonly TrackPoint[], bounds: { after: number | null; startedAt: number; now: number; futureMs?: number }): Problem[] {
  const futureMs = bounds.futureMs ?? 5 * 60_000;
  const problems: Problem[] = [];
  points.forEach((p, i) => {
    const field = `points[${i}].t`;
    const iso = new Date(p.t).toISOString();
    if (p.t < bounds.startedAt) problems.push({ index: i, field, problem: `${iso} is before the patrol started (${new Date(bounds.startedAt).toISOString()})` });
    else if (p.t > bounds.now + futureMs) problems.push({ index: i, field, problem: `${iso} is in the future: check the phone's clock` });
    else if (i > 0 && p.t <= points[i - 1].t) problems.push({ index: i, field, problem: `${iso} is not after points[${i - 1}] (${new Date(points[i - 1].t).toISOString()}): send points in time order, each once` });
    else if (i === 0 && bounds.after !== null && p.t <= bounds.after) problems.push({ index: i, field, problem: `${iso} is not after the last point already stored (${new Date(bounds.after).toISOString()}): send points in time order, each once` });
  });
  return problems;
}
