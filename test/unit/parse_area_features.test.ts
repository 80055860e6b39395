import { describe, expect, it } from 'vitest';
import { parseAreaFeatures, checkAreaGeometry } from '../../server/domain/parse_area_features.ts';
import { createSquareTown } from '../fixtures/create_square_town.ts';

describe('parseAreaFeatures', () => {
  it('reads codes, levels, kinds and parents, keeping the other properties as attributes', () => {
    const { areas, problems } = parseAreaFeatures(createSquareTown());
    expect(problems).toEqual([]);
    expect(areas).toHaveLength(7);
    expect(areas[4]).toMatchObject({ code: 'T0102', level: 'grid', kind: 'school', parentCode: 'T01', attrs: { population: 12 } });
  });

  it('takes field names and constants from a mapping, and normalises level names', () => {
    const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { GEOID: 250173, NAME: 'Block A', hood: 'N1' }, geometry: createSquareTown().features[0].geometry }] };
    const { areas } = parseAreaFeatures(fc, { codeField: 'GEOID', nameField: 'NAME', parentField: 'hood', level: 'Census Block' });
    expect(areas[0]).toMatchObject({ code: '250173', name: 'Block A', parentCode: 'N1', level: 'census_block', attrs: {} });
  });

  const bad: { name: string; mutate: (f: any) => void; field: string; expected: RegExp }[] = [
    { name: 'no code', mutate: (f) => delete f.properties.code, field: 'code', expected: /has no code/ },
    { name: 'no level', mutate: (f) => delete f.properties.level, field: 'level', expected: /has no level/ },
    { name: 'an unknown kind', mutate: (f) => (f.properties.kind = 'castle'), field: 'kind', expected: /kind "castle" is not one of/ },
    { name: 'a point geometry', mutate: (f) => (f.geometry = { type: 'Point', coordinates: [120, 30] }), field: 'geometry', expected: /must be a Polygon or MultiPolygon, got "Point"/ },
    { name: 'latitude out of range', mutate: (f) => (f.geometry.coordinates[0][2][1] = 95), field: 'geometry', expected: /out of range/ },
    { name: 'swapped coordinates', mutate: (f) => (f.geometry.coordinates[0] = f.geometry.coordinates[0].map(([x, y]: number[]) => [y, x * 1.6])), field: 'geometry', expected: /out of range/ },
    { name: 'an unclosed ring', mutate: (f) => (f.geometry.coordinates[0][4] = [120.005, 30.005]), field: 'geometry', expected: /malformed|not closed/ },
    { name: 'a string coordinate', mutate: (f) => (f.geometry.coordinates[0][1] = ['120', 30]), field: 'geometry', expected: /malformed|not a pair of numbers/ },
    { name: 'a ring with too few positions', mutate: (f) => (f.geometry.coordinates[0] = [[120, 30], [121, 30], [120, 30]]), field: 'geometry', expected: /malformed/ },
  ];
  for (const c of bad) {
    it(`names the feature and field for ${c.name}`, () => {
      const fc = createSquareTown();
      c.mutate(fc.features[3]);
      const { problems } = parseAreaFeatures(fc);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ index: 3, field: c.field });
      expect(problems[0].problem).toMatch(c.expected);
    });
  }

  it('refuses what is not a FeatureCollection, saying what arrived', () => {
    expect(parseAreaFeatures({ type: 'Feature' }).problems[0].problem).toMatch(/expected a GeoJSON FeatureCollection.*"Feature"/);
    expect(parseAreaFeatures('hello').problems[0].problem).toMatch(/got string/);
  });

  it('accepts a MultiPolygon', () => {
    expect(checkAreaGeometry({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] })).toBeNull();
  });
});
