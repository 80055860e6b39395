import { describe, expect, it } from 'vitest';
import { parsePointRows } from '../../server/domain/parse_point_rows.ts';

const fc = (features: unknown[]) => ({ type: 'FeatureCollection', features });
const pt = (id: unknown, coordinates: unknown, props: Record<string, unknown> = {}) => ({ type: 'Feature', properties: { id, ...props }, geometry: { type: 'Point', coordinates } });

describe('parsePointRows: CSV', () => {
  it('reads a household CSV with the default columns, flags split on ; and the rest kept as attrs', () => {
    const csv = 'id,lon,lat,address,people,floating,flags,building\nH1,120.08,29.30,丹溪路1号,3,1,elderly_alone;disabled,B7\nH2,120.09,29.31,,,,,\n';
    const { points, problems, fatal } = parsePointRows({ csv }, 'household', {}, 'wgs84');
    expect(fatal).toEqual([]);
    expect(problems).toEqual([]);
    expect(points[0]).toMatchObject({ index: 0, id: 'H1', lon: 120.08, lat: 29.3, address: '丹溪路1号', people: 3, floating: 1, flags: ['elderly_alone', 'disabled'], attrs: { building: 'B7' } });
    expect(points[1]).toMatchObject({ id: 'H2', address: null, people: 1, floating: 0, flags: [], attrs: {} });
  });

  it('follows a column mapping', () => {
    const csv = '编号,经度,纬度,人口\nH1,120.08,29.30,4\n';
    const { points } = parsePointRows({ csv }, 'household', { id: '编号', lon: '经度', lat: '纬度', people: '人口' }, 'wgs84');
    expect(points).toMatchObject([{ id: 'H1', lon: 120.08, lat: 29.3, people: 4 }]);
  });

  it('refuses a CSV without the named columns as a whole, naming what it has', () => {
    const { points, fatal } = parsePointRows({ csv: 'id,x,y\nH1,1,2\n' }, 'household', {}, 'wgs84');
    expect(points).toEqual([]);
    expect(fatal[0].problem).toMatch(/no column "lon", "lat" \(its columns: id, x, y\)/);
  });

  const bad: { name: string; row: string; field: string; problem: RegExp }[] = [
    { name: 'no coordinates', row: 'H2,,29.3', field: 'lon', problem: /no lon coordinate/ },
    { name: 'a coordinate that is not a number', row: 'H2,120.1,abc', field: 'lat', problem: /lat "abc" is not a number/ },
    { name: 'a longitude out of range', row: 'H2,190,29.3', field: 'lon', problem: /lon 190 is out of range -180…180/ },
    { name: 'a latitude out of range', row: 'H2,120,-91', field: 'lat', problem: /lat -91 is out of range -90…90/ },
    { name: 'no id', row: ',120,29.3', field: 'id', problem: /no id/ },
    { name: 'a duplicate id', row: 'H1,120,29.3', field: 'id', problem: /duplicate id "H1": it is also row 2/ },
  ];
  for (const c of bad) {
    it(`reports ${c.name} with its row number (the header is row 1)`, () => {
      const { points, problems } = parsePointRows({ csv: `id,lon,lat\nH1,120.08,29.30\n${c.row}\n` }, 'household', {}, 'wgs84');
      expect(points.map((p) => p.id)).toEqual(['H1']);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ index: 1, row: 3, field: c.field });
      expect(problems[0].problem).toMatch(c.problem);
    });
  }

  it('requires a name and a category for facilities', () => {
    const { problems } = parsePointRows({ csv: 'id,lon,lat,name,category\nF1,120,29,,school\n' }, 'facility', {}, 'wgs84');
    expect(problems.map((p) => p.field)).toEqual(['name']);
  });
});

describe('parsePointRows: GeoJSON', () => {
  it('reads Point features, taking the id from properties or the feature id', () => {
    const { points, problems } = parsePointRows({ geojson: fc([pt('H1', [120.08, 29.3], { people: 2 }), { type: 'Feature', id: 'H2', properties: {}, geometry: { type: 'Point', coordinates: [120.09, 29.31] } }]) }, 'household', {}, 'wgs84');
    expect(problems).toEqual([]);
    expect(points.map((p) => [p.id, p.people])).toEqual([['H1', 2], ['H2', 1]]);
  });

  it('reports a non-Point geometry, string coordinates and bad flags with the feature index', () => {
    const { problems } = parsePointRows({ geojson: fc([
      pt('H1', [120, 29]),
      { type: 'Feature', properties: { id: 'H2' }, geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] } },
      pt('H3', ['120', 29]),
      pt('H4', [120, 29], { flags: ['Elderly Alone'] }),
    ]) }, 'household', {}, 'wgs84');
    expect(problems.map((p) => [p.row, p.field])).toEqual([[1, 'geometry'], [2, 'lon'], [3, 'flags']]);
    expect(problems[1].problem).toBe('lon "120" is not a number');
  });

  it('refuses what is not a FeatureCollection', () => {
    expect(parsePointRows({ geojson: { type: 'Feature' } }, 'household', {}, 'wgs84').fatal[0].problem).toMatch(/expected a GeoJSON FeatureCollection of Points, got type "Feature"/);
  });

  it('converts GCJ-02 input to WGS84', () => {
    const { points } = parsePointRows({ geojson: fc([pt('H1', [120.09003671456013, 29.301718722081713])]) }, 'household', {}, 'gcj02');
    expect(points[0].lon).toBeCloseTo(120.0853, 6);
    expect(points[0].lat).toBeCloseTo(29.3042, 6);
  });
});
