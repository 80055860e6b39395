import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';

let t: TestDb;
let api: TestServer;
/** Two base grids: a point well inside each (the centre of the largest inscribed circle), its distance to the edge, and a corner. */
let grids: { grid: string; name: string; lon: number; lat: number; inner_m: number; corner_lon: number; corner_lat: number }[];
let worker: { authorization: string };
let neighbour: { authorization: string };

beforeAll(async () => {
  t = await createTestDb('demo');
  api = await startTestServer(t.db);
  grids = await t.db.query(
    `select g.code as grid, g.name, st_x(c.center) as lon, st_y(c.center) as lat, c.radius * 100000 as inner_m,
            st_x(st_pointn(st_exteriorring(st_geometryn(g.geom, 1)), 1)) as corner_lon,
            st_y(st_pointn(st_exteriorring(st_geometryn(g.geom, 1)), 1)) as corner_lat
       from area g, st_maximuminscribedcircle(g.geom) as c
      where g.level = 'grid' and g.kind = 'base' order by g.code limit 2`,
  );
  worker = await api.userWith('grid_worker', grids[0].grid);
  neighbour = await api.userWith('grid_worker', grids[1].grid);
});
afterAll(async () => {
  await api?.close();
  await t?.drop();
});

const check = (q: Record<string, string | number>, as = worker) =>
  api.get(`/api/events/check?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]))}`, { authorization: as.authorization });

describe('GET /api/events/check', () => {
  it('names the grid, its edge distance and an address for a point inside, and says when it lies near the edge', async () => {
    const g = grids[0];
    const inside = await (await check({ lon: g.lon, lat: g.lat, category: 'environment' })).json();
    expect(inside).toMatchObject({ where: 'inside', grid: { code: g.grid, name: g.name }, near_edge: false });
    expect(inside.edge_m).toBeGreaterThan(5);
    expect(inside.address).toEqual(expect.any(String));
    const corner = await (await check({ lon: g.corner_lon, lat: g.corner_lat })).json();
    expect(corner).toMatchObject({ near_edge: true });
    expect(corner.edge_m).toBeLessThan(1);
    // A poor position (accuracy wider than the distance to the edge) is near the edge too.
    const vague = await (await check({ lon: g.lon, lat: g.lat, accuracy: Math.ceil(inside.edge_m) + 1 })).json();
    expect(vague.near_edge).toBe(true);
  });

  it('says only "outside your areas" of a point in another grid, and "no grid" far away', async () => {
    const other = await (await check({ lon: grids[1].lon, lat: grids[1].lat })).json();
    expect(other).toEqual({ where: 'outside_scope', grid: null, cell: null, edge_m: null, near_edge: false, address: null, likely_duplicates: [] });
    expect((await (await check({ lon: 0, lat: 0 })).json()).where).toBe('no_grid');
    const bad = await check({ lon: 500, lat: 0 });
    expect(bad.status).toBe(400);
  });

  it('lists open events of the category nearby as likely duplicates, and only those the caller may see', async () => {
    const g = grids[0];
    const res = await api.post('/api/events', { id: 'dup-1', category: 'public_facility', description: '路灯不亮', location: { lon: g.lon, lat: g.lat } }, { authorization: worker.authorization });
    expect(res.status).toBe(201);
    const near = await (await check({ lon: g.lon + 0.0002, lat: g.lat, category: 'public_facility' })).json();
    expect(near.likely_duplicates.map((e: { id: string }) => e.id)).toEqual(['dup-1']);
    expect(near.likely_duplicates[0].distance_m).toBeGreaterThan(10);
    expect(near.likely_duplicates[0].distance_m).toBeLessThan(30);
    const otherCategory = await (await check({ lon: g.lon, lat: g.lat, category: 'dispute' })).json();
    expect(otherCategory.likely_duplicates).toEqual([]);
  });
});

describe('POST /api/events/:id/media', () => {
  const photo = async (as: { authorization: string }) => {
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(await sharp({ create: { width: 30, height: 20, channels: 3, background: '#888' } }).jpeg().toBuffer())]), 'p.jpg');
    return (await (await api.request('/api/media', { method: 'POST', body: form, headers: { authorization: as.authorization } })).json()).id as string;
  };

  it('adds photos to an event instead of a second report; a retry adds nothing', async () => {
    const g = grids[0];
    await api.post('/api/events', { id: 'attach-1', category: 'environment', description: '垃圾堆放', location: { lon: g.lon, lat: g.lat } }, { authorization: worker.authorization });
    const ids = [await photo(worker), await photo(worker)];
    const res = await api.post('/api/events/attach-1/media', { media: ids }, { authorization: worker.authorization });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.added).toEqual(ids);
    expect(body.media.map((m: { id: string }) => m.id)).toEqual(ids);
    const again = await (await api.post('/api/events/attach-1/media', { media: ids }, { authorization: worker.authorization })).json();
    expect(again.added).toEqual([]);
    expect(again.media).toHaveLength(2);
  });

  it("refuses another grid's event (404) and a photo the caller may not see (400)", async () => {
    const mine = await photo(neighbour);
    expect((await api.post('/api/events/attach-1/media', { media: [mine] }, { authorization: neighbour.authorization })).status).toBe(404);
    const theirs = await photo(neighbour);
    const res = await api.post('/api/events/attach-1/media', { media: [theirs] }, { authorization: worker.authorization });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/media\[0\]/);
    expect((await api.post('/api/events/attach-1/media', { media: [] }, { authorization: worker.authorization })).status).toBe(400);
  });
});
