import { describe, expect, it } from 'vitest';
import { generateDemoPatrols, type DemoUnit } from '../../server/demo_town/generate_demo_patrols.ts';
import { keepTrackPoints } from '../../server/domain/patrols/filter_track_points.ts';
import { trackProblems } from '../../server/domain/patrols/track_problems.ts';

// A 4×3 block of units about 100 m apart.
const units: DemoUnit[] = Array.from({ length: 12 }, (_, i) => ({ code: `U${i}`, lon: 120.08 + (i % 4) * 0.001, lat: 29.3 + Math.floor(i / 4) * 0.0009 }));
const today = Date.parse('2026-12-07T00:00:00Z');

describe('generateDemoPatrols', () => {
  const walks = generateDemoPatrols(units, today);

  it('walks once a day for the week before today, the same walks for the same seed', () => {
    expect(walks).toHaveLength(7);
    for (const [i, w] of walks.entries()) {
      const day = today - (7 - i) * 86_400_000;
      expect(w.startedAt).toBeGreaterThanOrEqual(day + 8.5 * 3_600_000);
      expect(w.startedAt).toBeLessThan(day + 10.5 * 3_600_000);
      expect(w.stoppedAt).toBeGreaterThan(w.points[w.points.length - 1].t);
    }
    expect(generateDemoPatrols(units, today)).toEqual(walks);
    expect(generateDemoPatrols(units, today, 7, 'another seed')).not.toEqual(walks);
  });

  it('makes tracks a phone could have sent: in time order, no GPS jump, visits to real units', () => {
    for (const w of walks) {
      expect(w.points.length).toBeGreaterThan(10);
      expect(trackProblems(w.points, { after: null, startedAt: w.startedAt, now: today })).toEqual([]);
      expect(keepTrackPoints(null, w.points).every(Boolean)).toBe(true);
      expect(w.visits.length).toBeGreaterThanOrEqual(2);
      for (const v of w.visits) expect(units.map((u) => u.code)).toContain(v.unit);
    }
  });
});
