import { describe, expect, it } from 'vitest';
import {
  bboxesIntersect, isValidTile, lonLatToMercator, mercatorToLonLat, tileLonLatBounds, tileMercatorBounds, tilesCovering,
  MERCATOR_HALF,
} from '../../server/tiles/tile_math.ts';

describe('tile arithmetic', () => {
  it('gives the whole world for tile 0/0/0 and a quarter for each z1 tile', () => {
    expect(tileMercatorBounds({ z: 0, x: 0, y: 0 })).toEqual([-MERCATOR_HALF, -MERCATOR_HALF, MERCATOR_HALF, MERCATOR_HALF]);
    expect(tileMercatorBounds({ z: 1, x: 1, y: 0 })).toEqual([0, 0, MERCATOR_HALF, MERCATOR_HALF]);
    const [w, s, e, n] = tileLonLatBounds({ z: 1, x: 1, y: 0 }, 0);
    expect([w, s, e]).toEqual([0, 0, 180]);
    expect(n).toBeCloseTo(85.0511, 4);
  });

  const roundTrips = [
    { name: 'the demo town', lon: 120.0853, lat: 29.3042 },
    { name: 'Cambridge MA', lon: -71.1097, lat: 42.3736 },
    { name: 'the origin', lon: 0, lat: 0 },
  ];
  for (const c of roundTrips) {
    it(`converts ${c.name} to Web Mercator and back`, () => {
      const [x, y] = lonLatToMercator(c.lon, c.lat);
      const [lon, lat] = mercatorToLonLat(x, y);
      expect(lon).toBeCloseTo(c.lon, 9);
      expect(lat).toBeCloseTo(c.lat, 9);
    });
  }

  it('agrees with PostGIS on a known point (ST_Transform of 120°E 30°N to 3857)', () => {
    const [x, y] = lonLatToMercator(120, 30);
    expect(x).toBeCloseTo(13358338.895192828, 3);
    expect(y).toBeCloseTo(3503549.843504374, 3);
  });

  it('finds the tiles covering a box, whose bounds contain it', () => {
    const bbox: [number, number, number, number] = [120.05, 29.27, 120.12, 29.34];
    for (const z of [10, 12, 14]) {
      const tiles = tilesCovering(bbox, z);
      const xs = tiles.map((t) => t.x);
      const ys = tiles.map((t) => t.y);
      expect(tiles.length).toBe((Math.max(...xs) - Math.min(...xs) + 1) * (Math.max(...ys) - Math.min(...ys) + 1));
      const union = tiles.map((t) => tileLonLatBounds(t, 0)).reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]);
      expect(union[0]).toBeLessThanOrEqual(bbox[0]);
      expect(union[1]).toBeLessThanOrEqual(bbox[1]);
      expect(union[2]).toBeGreaterThanOrEqual(bbox[2]);
      expect(union[3]).toBeGreaterThanOrEqual(bbox[3]);
    }
    expect(tilesCovering([120, 29, 120.1, 29.1], 10)).toEqual([{ z: 10, x: 853, y: 425 }]);
  });

  it('widens a tile by its buffer', () => {
    const exact = tileLonLatBounds({ z: 14, x: 13657, y: 6805 }, 0);
    const buffered = tileLonLatBounds({ z: 14, x: 13657, y: 6805 });
    expect(buffered[0]).toBeLessThan(exact[0]);
    expect(buffered[3]).toBeGreaterThan(exact[3]);
    expect((exact[0] - buffered[0]) / (exact[2] - exact[0])).toBeCloseTo(64 / 4096, 6);
  });

  const boxCases = [
    { name: 'overlapping', a: [0, 0, 2, 2], b: [1, 1, 3, 3], expected: true },
    { name: 'touching at an edge', a: [0, 0, 1, 1], b: [1, 0, 2, 1], expected: true },
    { name: 'apart in x', a: [0, 0, 1, 1], b: [1.1, 0, 2, 1], expected: false },
    { name: 'apart in y', a: [0, 0, 1, 1], b: [0, 2, 1, 3], expected: false },
    { name: 'one inside the other', a: [0, 0, 10, 10], b: [4, 4, 5, 5], expected: true },
  ] as const;
  for (const c of boxCases) {
    it(`bboxesIntersect: ${c.name}`, () => {
      expect(bboxesIntersect([...c.a], [...c.b])).toBe(c.expected);
      expect(bboxesIntersect([...c.b], [...c.a])).toBe(c.expected);
    });
  }

  it('knows which tiles exist', () => {
    expect(isValidTile({ z: 0, x: 0, y: 0 })).toBe(true);
    expect(isValidTile({ z: 3, x: 7, y: 7 })).toBe(true);
    expect(isValidTile({ z: 3, x: 8, y: 0 })).toBe(false);
    expect(isValidTile({ z: -1, x: 0, y: 0 })).toBe(false);
    expect(isValidTile({ z: 23, x: 0, y: 0 })).toBe(false);
    expect(isValidTile({ z: 2.5, x: 0, y: 0 })).toBe(false);
  });
});
