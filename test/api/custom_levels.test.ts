import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Feature, Position } from 'geojson';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';
import { tilesCovering } from '../../server/tiles/tile_math.ts';

// A tree with its own level names (as the README invites: city → neighbourhood → block) must be
// served like the default one: tile layers, TileJSON, counts and OGC collections, top down.
const square = (x: number, y: number, d: number): Position[][] => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]];
const area = (code: string, level: string, parent: string | null, coords: Position[][]): Feature => ({ type: 'Feature', properties: { code, name: code, level, parent_code: parent }, geometry: { type: 'Polygon', coordinates: coords } });
const CITY = [
  area('C', 'city', null, square(-71.2, 42.3, 0.2)),
  area('C-N1', 'neighbourhood', 'C', square(-71.2, 42.3, 0.1)),
  area('C-N2', 'neighbourhood', 'C', square(-71.1, 42.3, 0.1)),
  area('C-N1-B1', 'block', 'C-N1', square(-71.2, 42.3, 0.05)),
];

describe('a tree with its own level names', () => {
  let t: TestDb;
  let api: TestServer;
  beforeAll(async () => {
    t = await createTestDb('empty');
    api = await startTestServer(t.db);
    const res = await api.post('/api/areas/import', { type: 'FeatureCollection', features: CITY });
    expect(res.status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await t?.drop();
  });

  it('lists its levels first among the tile layers, top down, each with its depth', async () => {
    const { layers } = await (await api.get('/tiles/layers.json')).json();
    expect(layers.slice(0, 3).map((l: { name: string; level: string; depth: number }) => [l.name, l.level, l.depth])).toEqual([
      ['city', 'city', 0],
      ['neighbourhood', 'neighbourhood', 1],
      ['block', 'block', 2],
    ]);
    expect((await api.get('/tiles/neighbourhood.json')).status).toBe(200);
    expect((await api.get('/tiles/borough.json')).status).toBe(404);
  });

  it('draws each level in its own vector-tile layer, with labels', async () => {
    const [tile] = tilesCovering([-71.19, 42.31, -71.19, 42.31], 12);
    const res = await api.get(`/tiles/neighbourhood/${tile.z}/${tile.x}/${tile.y}.mvt`);
    expect(res.status).toBe(200);
    const vt = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer())));
    const layer = vt.layers.neighbourhood;
    expect(layer?.length).toBeGreaterThan(0);
    const codes = Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties.code);
    expect(codes).toContain('C-N1');
    expect(codes.every((c) => String(c).startsWith('C-N') && String(c).split('-').length === 2)).toBe(true);
    expect(vt.layers.neighbourhood_label?.length).toBeGreaterThan(0);
    const counts = await (await api.get('/tiles/block/counts.json')).json();
    expect(counts).toMatchObject({ layer: 'block', level: 'block' });
    expect(counts.areas).toHaveLength(1);
  });

  it('offers each level as an OGC collection, top down, with its items', async () => {
    const { collections } = await (await api.get('/ogc/collections')).json();
    expect(collections.slice(0, 3).map((c: { id: string }) => c.id)).toEqual(['city', 'neighbourhood', 'block']);
    const items = await (await api.get('/ogc/collections/neighbourhood/items')).json();
    expect(items.features.map((f: Feature) => f.properties?.code ?? f.id).sort()).toEqual(['C-N1', 'C-N2']);
  });

  it('follows an import that adds a level', async () => {
    const res = await api.post('/api/areas/import', { type: 'FeatureCollection', features: [area('C-N1-B1-P1', 'parcel', 'C-N1-B1', square(-71.2, 42.3, 0.01))] });
    expect(res.status).toBe(201);
    const { layers } = await (await api.get('/tiles/layers.json')).json();
    expect(layers[3]).toMatchObject({ name: 'parcel', level: 'parcel', depth: 3 });
    const { collections } = await (await api.get('/ogc/collections')).json();
    expect(collections[3].id).toBe('parcel');
  });
});
