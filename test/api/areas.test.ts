import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topology } from 'topojson-server';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';
import { createSquareTown } from '../fixtures/create_square_town.ts';
import { onAreasChanged, type AreaChange } from '../../server/services/area_changes.ts';

let t: TestDb;
let api: TestServer;
beforeAll(async () => {
  t = await createTestDb('empty');
  api = await startTestServer(t.db);
});
afterAll(async () => {
  await api?.close();
  await t?.drop();
});

const countAreas = async () => (await t.db.query<{ n: number }>('select count(*)::int as n from area'))[0].n;

describe('POST /api/areas/import refuses bad input whole', () => {
  const cases: { name: string; mutate: (fc: any) => void; index?: number; expected: RegExp }[] = [
    { name: 'a self-intersecting ring, with PostGIS\'s reason', mutate: (fc) => (fc.features[5].geometry.coordinates = [[[120.01, 30], [120.02, 30.01], [120.02, 30], [120.01, 30.01], [120.01, 30]]]), index: 5, expected: /Self-intersection/ },
    { name: 'a missing parent', mutate: (fc) => (fc.features[6].properties.parent_code = 'T99'), index: 6, expected: /parent "T99" does not exist/ },
    { name: 'a duplicate code', mutate: (fc) => (fc.features[6].properties.code = 'T0201'), index: 6, expected: /duplicate code "T0201"/ },
    { name: 'a cycle', mutate: (fc) => { fc.features[1].properties.parent_code = 'T0101'; }, expected: /cycle/ },
    { name: 'a wrong geometry type', mutate: (fc) => (fc.features[2].geometry = { type: 'LineString', coordinates: [[120, 30], [121, 31]] }), index: 2, expected: /Polygon or MultiPolygon, got "LineString"/ },
    { name: 'coordinates out of range', mutate: (fc) => (fc.features[2].geometry.coordinates[0][1][0] = 190), index: 2, expected: /out of range/ },
    { name: 'a feature without a code', mutate: (fc) => delete fc.features[4].properties.code, index: 4, expected: /has no code/ },
  ];
  for (const c of cases) {
    it(`refuses ${c.name}: 400 naming the feature, nothing written`, async () => {
      const fc = createSquareTown();
      c.mutate(fc);
      const res = await api.post('/api/areas/import', fc);
      const body = await res.json();
      expect(res.status).toBe(400);
      expect(body.error).toBe('ValidationError');
      expect(body.message).toMatch(/Nothing was written/);
      expect(body.problems.some((p: any) => c.expected.test(p.problem) && (c.index === undefined || p.index === c.index))).toBe(true);
      expect(await countAreas()).toBe(0);
    });
  }

  it('refuses a body that is not JSON or not GeoJSON', async () => {
    const notJson = await api.post('/api/areas/import', '{"type": "FeatureCollection", ');
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).message).toMatch(/not valid JSON/);
    const notGeojson = await api.post('/api/areas/import', { hello: 'world' });
    expect(notGeojson.status).toBe(400);
    expect((await notGeojson.json()).message).toMatch(/expected a GeoJSON FeatureCollection/);
    expect(await countAreas()).toBe(0);
  });

  it('refuses unknown query values, naming the parameter', async () => {
    const res = await api.post('/api/areas/import?mode=merge', createSquareTown());
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/"mode"/);
  });
});

describe('importing and reading the tree', () => {
  it('imports a whole tree in one call and serves it back as RFC 7946 GeoJSON', async () => {
    const changes: AreaChange[] = [];
    const unsubscribe = onAreasChanged(t.db, (c) => changes.push(c));
    const res = await api.post('/api/areas/import', createSquareTown());
    unsubscribe();
    // Subscribers (tile and locate caches) hear what was written and where.
    expect(changes).toHaveLength(1);
    expect(changes[0].codes.sort()).toEqual(['T', 'T01', 'T0101', 'T0102', 'T02', 'T0201', 'T0202']);
    changes[0].bbox!.forEach((v, i) => expect(v).toBeCloseTo([120, 30, 120.02, 30.02][i], 9));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ written: 7, repathed: 0, invalid: [] });

    const grids = await (await api.get('/api/areas?level=grid')).json();
    expect(grids.type).toBe('FeatureCollection');
    expect(grids.features.map((f: any) => f.properties.code)).toEqual(['T0101', 'T0102', 'T0201', 'T0202']);
    expect(grids.features[0].geometry.type).toBe('MultiPolygon');
    expect(grids.features[1].properties).toMatchObject({ kind: 'school', parent_code: 'T01', depth: 2, attrs: { population: 12 } });

    const children = await (await api.get('/api/areas?parent=T02')).json();
    expect(children.features.map((f: any) => f.properties.code)).toEqual(['T0201', 'T0202']);
    const under = await (await api.get('/api/areas?within=T01')).json();
    expect(under.features.map((f: any) => f.properties.code)).toEqual(['T0101', 'T0102']);
    const inBox = await (await api.get('/api/areas?level=grid&bbox=120.012,30.012,120.015,30.015')).json();
    expect(inBox.features.map((f: any) => f.properties.code)).toEqual(['T0202']);
  });

  it('answers one area with its ancestors and children', async () => {
    const res = await api.get('/api/areas/T01');
    const area = await res.json();
    expect(area).toMatchObject({ code: 'T01', level: 'community', kind: 'village', depth: 1, region: 'T', parent_code: 'T', children: ['T0101', 'T0102'] });
    expect(area.ancestors.map((a: any) => a.code)).toEqual(['T']);
    expect(area.area_m2).toBeGreaterThan(2.0e6);
    expect(area.area_m2).toBeLessThan(2.3e6); // 0.01° × 0.02° at 30°N ≈ 0.96 km × 2.22 km
    expect((await api.get('/api/areas/NOPE')).status).toBe(404);
  });

  it('refuses codes that exist unless asked to upsert, and then moves a subtree with its descendants', async () => {
    const again = await api.post('/api/areas/import', createSquareTown());
    expect(again.status).toBe(400);
    expect((await again.json()).problems[0].problem).toMatch(/already exists; import with mode=upsert/);

    // A unit under T0101, then T0101 moved from community T01 to T02.
    const unit = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: 'U1', level: 'unit', parent_code: 'T0101' }, geometry: { type: 'Polygon', coordinates: [[[120, 30], [120.005, 30], [120.005, 30.005], [120, 30], ]] } }] };
    expect((await api.post('/api/areas/import', unit)).status).toBe(201);
    const move = createSquareTown();
    move.features = [move.features[3]];
    move.features[0].properties!.parent_code = 'T02';
    const moved = await api.post('/api/areas/import?mode=upsert', move);
    expect(await moved.json()).toMatchObject({ written: 1, repathed: 1 });
    const u1 = await (await api.get('/api/areas/U1')).json();
    expect(u1.ancestors.map((a: any) => a.code)).toEqual(['T', 'T02', 'T0101']);
    expect(u1.depth).toBe(3);
  });

  it('reads TopoJSON, and maps fields and constant levels', async () => {
    const blocks = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { GEOID: 'B1', label: '一号街坊' }, geometry: { type: 'Polygon', coordinates: [[[120.011, 30.011], [120.012, 30.011], [120.012, 30.012], [120.011, 30.011]]] } },
      ],
    };
    const topo = topology({ blocks } as any);
    const res = await api.post('/api/areas/import?code_field=GEOID&name_field=label&level=Block&parent_level=grid', topo);
    expect(res.status).toBe(201);
    const b1 = await (await api.get('/api/areas/B1')).json();
    expect(b1).toMatchObject({ name: '一号街坊', level: 'block', parent_code: 'T0202' });
  });
});
