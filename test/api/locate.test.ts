import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import gcoord from 'gcoord';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';

let t: TestDb;
let server: TestServer;
beforeAll(async () => {
  t = await createTestDb('demo');
  server = await startTestServer(t.db);
});
afterAll(async () => {
  await server?.close();
  await t?.drop();
});

type Stored = { id: string; lon: number; lat: number; cell: string | null; assignment: string };
const stored = (where: string) =>
  t.db.query<Stored>(`select h.id, st_x(h.geom) as lon, st_y(h.geom) as lat, a.code as cell, h.assignment
                        from household h left join area a on a.id = h.cell_id where ${where} order by h.id`);

describe('GET /api/locate', () => {
  it('returns the whole chain town → community → grid → unit for a household\'s point', async () => {
    const [h] = await stored(`h.assignment = 'assigned' and h.id like '330782101001%'`);
    const res = await server.get(`/api/locate?lon=${h.lon}&lat=${h.lat}`);
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ assignment: 'assigned', cell: h.cell });
    expect(body.chain.map((c: any) => c.level)).toEqual(['town', 'community', 'grid', 'unit']);
    expect(body.chain.map((c: any) => c.code)).toEqual([h.cell!.slice(0, 9), h.cell!.slice(0, 12), h.cell!.slice(0, 14), h.cell]);
    expect(body.chain[0]).toMatchObject({ name: '青溪镇', depth: 0 });
  });

  it('answers an orphan with an empty chain', async () => {
    const [o] = await stored(`h.id = 'ORPHAN-1'`);
    expect(await (await server.get(`/api/locate?lon=${o.lon}&lat=${o.lat}`)).json()).toMatchObject({ assignment: 'orphan', cell: null, chain: [] });
  });

  it('takes GCJ-02 and BD-09 coordinates with crs=', async () => {
    const [h] = await stored(`h.assignment = 'assigned' and h.id like '330782101201%'`);
    for (const [crs, to] of [['gcj02', gcoord.GCJ02], ['bd09', gcoord.BD09]] as const) {
      const [x, y] = gcoord.transform([h.lon, h.lat], gcoord.WGS84, to) as [number, number];
      expect((await (await server.get(`/api/locate?lon=${x}&lat=${y}&crs=${crs}`)).json()).cell).toBe(h.cell);
    }
  });

  const bad: { name: string; query: string; problem: RegExp }[] = [
    { name: 'a missing lat', query: 'lon=120', problem: /lat/ },
    { name: 'a lon that is not a number', query: 'lon=abc&lat=29', problem: /lon/ },
    { name: 'a lat out of range', query: 'lon=120&lat=91', problem: /lat/ },
    { name: 'an unknown crs', query: 'lon=120&lat=29&crs=utm', problem: /Unknown coordinate system "utm"/ },
  ];
  for (const b of bad) {
    it(`refuses ${b.name} with a 400`, async () => {
      const res = await server.get(`/api/locate?${b.query}`);
      expect(res.status).toBe(400);
      expect((await res.json()).message).toMatch(b.problem);
    });
  }
});

describe('POST /api/locate', () => {
  it('locates a batch, and agrees with the stored assignment of 3,000 households', async () => {
    const sample = await stored(`h.id like '%1'`);
    expect(sample.length).toBeGreaterThan(3000);
    const points = sample.slice(0, 3000).map((h) => ({ id: h.id, lon: h.lon, lat: h.lat }));
    const res = await server.post('/api/locate', { points });
    expect(res.status).toBe(200);
    const { results } = await res.json();
    expect(results.map((r: any) => [r.id, r.cell, r.assignment])).toEqual(sample.slice(0, 3000).map((h) => [h.id, h.cell, h.assignment]));
  });

  it('refuses an empty batch', async () => {
    expect((await server.post('/api/locate', { points: [] })).status).toBe(400);
  });
});

describe('the in-memory index', () => {
  it('is dropped when areas change, so a new tree is found at once', async () => {
    const far = { lon: 100.5, lat: 13.75 };
    expect((await (await server.get(`/api/locate?lon=${far.lon}&lat=${far.lat}`)).json()).assignment).toBe('orphan');
    const square = { type: 'Polygon', coordinates: [[[100.4, 13.7], [100.6, 13.7], [100.6, 13.8], [100.4, 13.8], [100.4, 13.7]]] };
    const imported = await server.post('/api/areas/import', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: 'BKK', name: 'Bangkok', level: 'town' }, geometry: square }] });
    expect(imported.status).toBe(201);
    const after = await (await server.get(`/api/locate?lon=${far.lon}&lat=${far.lat}`)).json();
    expect(after).toMatchObject({ assignment: 'assigned', cell: 'BKK' });
  });
});
