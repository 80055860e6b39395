import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { describe, expect, it } from 'vitest';
import { encodeMvt, ringArea, type TileFeature } from '../../server/tiles/encode_mvt.ts';

const decode = (buf: Uint8Array) => new VectorTile(new PbfReader(buf));
const square = (x0: number, y0: number, size: number): [number, number][] => [
  [x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0],
];

describe('encodeMvt', () => {
  it('writes points with typed properties that @mapbox/vector-tile reads back', () => {
    const buf = encodeMvt([
      {
        name: 'facilities',
        features: [
          { id: 7, type: 'point', points: [[10, 20]], properties: { name: '青溪镇卫生院', category: 'hospital', beds: 40, ratio: 0.5, open: true, missing: null } },
          { type: 'point', points: [[4000, 4090]], properties: { name: '派出所', category: 'police', beds: -3 } },
        ],
      },
    ]);
    const layer = decode(buf).layers.facilities;
    expect(layer.version).toBe(2);
    expect(layer.extent).toBe(4096);
    expect(layer.length).toBe(2);
    const a = layer.feature(0);
    expect(a.id).toBe(7);
    expect(a.type).toBe(1);
    expect(a.properties).toEqual({ name: '青溪镇卫生院', category: 'hospital', beds: 40, ratio: 0.5, open: true });
    expect(a.loadGeometry()).toEqual([[{ x: 10, y: 20 }]]);
    const b = layer.feature(1);
    expect(b.id).toBeUndefined();
    expect(b.properties.beds).toBe(-3);
    expect(b.loadGeometry()[0][0]).toMatchObject({ x: 4000, y: 4090 });
  });

  const polygonCases: { name: string; rings: [number, number][][]; expectedRings: number }[] = [
    { name: 'a clockwise square (already the spec winding)', rings: [square(0, 0, 100)], expectedRings: 1 },
    { name: 'a counter-clockwise square (re-wound)', rings: [square(0, 0, 100).reverse()], expectedRings: 1 },
    { name: 'a square with a hole wound like its exterior', rings: [square(0, 0, 100), square(25, 25, 50)], expectedRings: 2 },
    { name: 'an open ring (no closing point)', rings: [square(10, 10, 10).slice(0, 4)], expectedRings: 1 },
  ];
  for (const c of polygonCases) {
    it(`writes polygons the spec's way: ${c.name}`, () => {
      const buf = encodeMvt([{ name: 'units', features: [{ type: 'polygon', polygons: [c.rings], properties: { code: 'u1' } }] }]);
      const f = decode(buf).layers.units.feature(0);
      expect(f.type).toBe(3);
      const rings = f.loadGeometry().map((r) => r.map((p) => [p.x, p.y] as [number, number]));
      expect(rings).toHaveLength(c.expectedRings);
      // Exterior positive in y-down tile space, holes negative; each ring closed by ClosePath.
      expect(ringArea(rings[0].slice(0, -1))).toBeGreaterThan(0);
      for (const hole of rings.slice(1)) expect(ringArea(hole.slice(0, -1))).toBeLessThan(0);
      const geojson = f.toGeoJSON(0, 0, 0);
      expect(geojson.geometry.type).toBe('Polygon');
    });
  }

  it('drops rings that collapse when quantised, holes with their exterior, and empty features', () => {
    const features: TileFeature[] = [
      { type: 'polygon', polygons: [[[[0, 0], [0.2, 0], [0.2, 0.3], [0, 0]]]], properties: { code: 'tiny' } },
      { type: 'polygon', polygons: [[[[5, 5], [6, 5], [7, 5], [5, 5]]]], properties: { code: 'flat' } },
      { type: 'polygon', polygons: [[square(0, 0, 10)], [[[0, 0], [0, 0], [0, 0]], square(2, 2, 2)]], properties: { code: 'one-left' } },
      { type: 'point', points: [], properties: { code: 'nowhere' } },
    ];
    const vt = decode(encodeMvt([{ name: 'units', features }]));
    const layer = vt.layers.units;
    expect(layer.length).toBe(1);
    expect(layer.feature(0).properties.code).toBe('one-left');
    expect(layer.feature(0).loadGeometry()).toHaveLength(1);
  });

  it('writes a multipolygon as one feature with two exteriors and leaves out an empty layer', () => {
    const buf = encodeMvt([
      { name: 'grids', features: [{ type: 'polygon', polygons: [[square(0, 0, 10)], [square(100, 100, 10)]], properties: {} }] },
      { name: 'empty', features: [] },
    ]);
    const vt = decode(buf);
    expect(Object.keys(vt.layers)).toEqual(['grids']);
    expect(vt.layers.grids.feature(0).toGeoJSON(0, 0, 0).geometry.type).toBe('MultiPolygon');
  });

  it('encodes nothing as an empty tile', () => {
    expect(encodeMvt([]).byteLength).toBe(0);
  });
});
