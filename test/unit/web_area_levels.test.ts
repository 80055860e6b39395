import { describe, expect, it } from 'vitest';
import { AREA_LEVELS, areaLayerSpecs, areaLevelStyles } from '../../web/map/area_layers.ts';

describe('areaLevelStyles: the one-map draws the levels a tree uses, top down', () => {
  const cases = [
    {
      name: "a tree with its own level names takes the default looks of their depths",
      input: [{ name: 'city', level: 'city', depth: 0 }, { name: 'neighbourhood', level: 'neighbourhood', depth: 1 }, { name: 'block', level: 'block', depth: 2 }, { name: 'households', level: undefined, depth: undefined }],
      expected: [['city', 0, 0], ['neighbourhood', 0, 11], ['block', 11, 13.5]],
    },
    {
      name: 'the default levels keep their own looks, whatever their depth',
      input: [{ name: 'towns', level: 'town', depth: 0 }, { name: 'grids', level: 'grid', depth: 1 }],
      expected: [['towns', 0, 0], ['grids', 11, 13.5]],
    },
    {
      name: 'levels deeper than the defaults look like the deepest',
      input: [{ name: 'a', level: 'a', depth: 0 }, { name: 'b', level: 'b', depth: 1 }, { name: 'c', level: 'c', depth: 2 }, { name: 'd', level: 'd', depth: 3 }, { name: 'e', level: 'e', depth: 4 }, { name: 'f', level: 'f', depth: 7 }],
      expected: [['a', 0, 0], ['b', 0, 11], ['c', 11, 13.5], ['d', 13, 15], ['e', 14, 16], ['f', 14, 16]],
    },
    { name: 'no levels (an empty tree, an old server): the default five', input: [{ name: 'households' }], expected: AREA_LEVELS.map((l) => [l.layer, l.minzoom, l.labelFrom]) },
  ];
  for (const c of cases) {
    it(c.name, () => expect(areaLevelStyles(c.input).map((l) => [l.layer, l.minzoom, l.labelFrom])).toEqual(c.expected));
  }

  it("draws each of the tree's levels from its own tile layer, with labels", () => {
    const specs = areaLayerSpecs('kind', areaLevelStyles([{ name: 'city', level: 'city', depth: 0 }, { name: 'neighbourhood', level: 'neighbourhood', depth: 1 }]));
    const ids = specs.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['city-line', 'city-label', 'neighbourhood-fill', 'neighbourhood-line', 'neighbourhood-label', 'neighbourhood-selected']));
    expect(ids.some((id) => id.startsWith('communities') || id.startsWith('grids'))).toBe(false);
    const label = specs.find((s) => s.id === 'neighbourhood-label') as { source: string; 'source-layer': string };
    expect([label.source, label['source-layer']]).toEqual(['areas-neighbourhood', 'neighbourhood_label']);
  });
});
