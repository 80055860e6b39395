import { describe, expect, it } from 'vitest';
import gcoord from 'gcoord';
import { parseCrs } from '../../server/domain/coordinates/parse_crs.ts';
import { toWgs84 } from '../../server/domain/coordinates/to_wgs84.ts';
import { metresPerDegree } from '../../server/domain/assign/metres_per_degree.ts';

describe('parseCrs', () => {
  const cases: { input: string | undefined; expected: string | null }[] = [
    { input: undefined, expected: 'wgs84' },
    { input: 'WGS84', expected: 'wgs84' },
    { input: 'CGCS2000', expected: 'wgs84' },
    { input: 'EPSG:4490', expected: 'wgs84' },
    { input: 'gcj02', expected: 'gcj02' },
    { input: 'AMap', expected: 'gcj02' },
    { input: 'bd09', expected: 'bd09' },
    { input: 'Baidu', expected: 'bd09' },
    { input: 'utm50n', expected: null },
  ];
  for (const c of cases) it(`${c.input} → ${c.expected}`, () => expect(parseCrs(c.input)).toBe(c.expected));
});

describe('toWgs84', () => {
  // The demo town's centre, shifted as Amap (GCJ-02) and Baidu (BD-09) would report it.
  const wgs: [number, number] = [120.0853, 29.3042];
  const gcj = gcoord.transform(wgs, gcoord.WGS84, gcoord.GCJ02) as [number, number];
  const bd = gcoord.transform(wgs, gcoord.WGS84, gcoord.BD09) as [number, number];
  const metres = (a: [number, number], b: [number, number]) => {
    const m = metresPerDegree(b[1]);
    return Math.hypot((a[0] - b[0]) * m.x, (a[1] - b[1]) * m.y);
  };

  it('leaves WGS84 and CGCS2000 as they are', () => expect(toWgs84(...wgs, 'wgs84')).toEqual(wgs));
  it('undoes GCJ-02 (a shift of hundreds of metres) to within 0.1 m', () => {
    expect(metres(gcj, wgs)).toBeGreaterThan(300);
    expect(metres(toWgs84(...gcj, 'gcj02'), wgs)).toBeLessThan(0.1);
  });
  it('undoes BD-09 to within 0.1 m', () => {
    expect(metres(bd, wgs)).toBeGreaterThan(900);
    expect(metres(toWgs84(...bd, 'bd09'), wgs)).toBeLessThan(0.1);
  });
});

describe('metresPerDegree', () => {
  it('matches the WGS84 figures at the equator and at 30°N', () => {
    expect(metresPerDegree(0).x).toBeCloseTo(111_319.5, 0);
    expect(metresPerDegree(0).y).toBeCloseTo(110_574.3, 0);
    expect(metresPerDegree(30).x).toBeCloseTo(96_486, -1);
    expect(metresPerDegree(30).y).toBeCloseTo(110_852, -1);
  });
});
