import { describe, expect, it } from 'vitest';
import { keepTrackPoints, metresBetween } from '../../server/domain/patrols/filter_track_points.ts';
import { trackProblems } from '../../server/domain/patrols/track_problems.ts';
import { visitCoverageCsv } from '../../server/domain/patrols/visit_coverage_csv.ts';

// About 11.1 m per 0.0001° of latitude.
const at = (dLat: number, t: number, accuracy?: number) => ({ lon: 120, lat: 29.3 + dLat, t, accuracy });

describe('keepTrackPoints', () => {
  it.each([
    { name: 'a walk is kept', prev: null, points: [at(0, 0), at(0.0001, 5000), at(0.0002, 10000)], expected: [true, true, true] },
    { name: 'a wild fix is dropped, the track resumes from the last kept point', prev: null, points: [at(0, 0), at(0.1, 5000), at(0.0001, 10000)], expected: [true, false, true] },
    { name: 'the batch before counts', prev: at(0, 0), points: [at(0.05, 5000)], expected: [false] },
    { name: 'a vague fix is dropped', prev: null, points: [at(0, 0, 5), at(0.0001, 5000, 250)], expected: [true, false] },
    { name: 'two fixes in one second, close together, are kept', prev: null, points: [at(0, 0), at(0.00005, 400)], expected: [true, true] },
  ])('$name', ({ prev, points, expected }) => {
    expect(keepTrackPoints(prev, points)).toEqual(expected);
  });

  it('measures metres on the sphere', () => {
    expect(metresBetween(at(0, 0), at(0.001, 0))).toBeCloseTo(111.2, 0);
  });
});

describe('trackProblems', () => {
  const bounds = { after: null, startedAt: 1000, now: 100_000 };
  it.each([
    { name: 'in order', points: [at(0, 2000), at(0, 3000)], bounds, fields: [] },
    { name: 'backwards', points: [at(0, 3000), at(0, 2000)], bounds, fields: ['points[1].t'] },
    { name: 'the same time twice', points: [at(0, 3000), at(0, 3000)], bounds, fields: ['points[1].t'] },
    { name: 'before the start', points: [at(0, 500)], bounds, fields: ['points[0].t'] },
    { name: 'not after what is stored', points: [at(0, 2000)], bounds: { ...bounds, after: 2000 }, fields: ['points[0].t'] },
    { name: 'in the future', points: [at(0, 100_000 + 10 * 60_000)], bounds, fields: ['points[0].t'] },
  ])('$name', ({ points, bounds: b, fields }) => {
    expect(trackProblems(points, b).map((p) => p.field)).toEqual(fields);
  });
});

describe('visitCoverageCsv', () => {
  it('writes one line per area with the ratio, formulas defused', () => {
    expect(visitCoverageCsv([{ code: 'G1', name: '=一网格', level: 'grid', units: 4, visited: 3, visits: 5 }, { code: 'G2', name: '二', level: 'grid', units: 0, visited: 0, visits: 0 }])).toBe(
      "code,name,level,units,units_visited,visits,coverage\r\nG1,'=一网格,grid,4,3,5,0.750\r\nG2,二,grid,0,0,0,0.000\r\n",
    );
  });
});
