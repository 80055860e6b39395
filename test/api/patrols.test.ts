import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';

/**
 * Patrols (巡查) and visits (走访) through the API on the demo town: a track recorded in batches,
 * each stored once; bad points refused whole, naming the point; GPS jumps left out of the track;
 * who sees a track; visit coverage per grid.
 */
let t: TestDb;
let api: TestServer;
type Auth = { authorization: string };
let worker: Auth; // grid worker of grid A
let colleague: Auth; // grid worker of grid B (same community)
let dispatcher: Auth; // dispatcher of the community
let analyst: Auth;
let gridA: { code: string; community: string; units: { code: string; lon: number; lat: number }[] };
let gridB: { code: string; unit: string };

beforeAll(async () => {
  t = await createTestDb('demo');
  api = await startTestServer(t.db);
  const grids = await t.db.query<{ code: string; community: string }>(
    `select g.code, c.code as community from area g join area c on c.id = g.parent_id
      where g.level = 'grid' and g.kind = 'base' and (select count(*) from area u where u.parent_id = g.id and u.level = 'unit') >= 3
      order by c.code, g.code limit 2`,
  );
  const units = await t.db.query<{ code: string; lon: number; lat: number; grid: string }>(
    `select u.code, st_x(p) as lon, st_y(p) as lat, g.code as grid from area u join area g on g.id = u.parent_id, st_pointonsurface(u.geom) as p
      where g.code = any($1::text[]) and u.level = 'unit' order by u.code`,
    [grids.map((g) => g.code)],
  );
  gridA = { code: grids[0].code, community: grids[0].community, units: units.filter((u) => u.grid === grids[0].code) };
  gridB = { code: grids[1].code, unit: units.find((u) => u.grid === grids[1].code)!.code };
  worker = await api.userWith('grid_worker', gridA.code);
  colleague = await api.userWith('grid_worker', gridB.code);
  dispatcher = await api.userWith('dispatcher', gridA.community);
  analyst = await api.userWith('analyst', gridA.community);
}, 120_000);
afterAll(async () => {
  await api?.close();
  await t?.drop();
});

const send = (path: string, body: unknown, as: Auth) => api.request(path, { method: 'POST', headers: { ...as, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const get = (path: string, as: Auth) => api.request(path, { headers: as });
const count = async (table: string) => (await t.db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;
const iso = (ms: number) => new Date(ms).toISOString();

describe('a patrol', () => {
  const started = Date.now() - 60 * 60_000;
  let id: string;

  it('starts on the walker’s own grid without naming it', async () => {
    const res = await send('/api/patrols', { id: 'p-walk-1', started_at: iso(started) }, worker);
    expect(res.status, await res.clone().text()).toBe(201);
    const f = await res.json();
    id = f.id;
    expect(f.properties).toMatchObject({ area_code: gridA.code, points: 0, distance_m: 0 });
    // The same id again is a retry: the same patrol, nothing new.
    const again = await send('/api/patrols', { id: 'p-walk-1' }, worker);
    expect(again.status).toBe(200);
    expect(await count('patrol')).toBe(1);
  });

  it('refuses another user’s id (409) and a patrol outside the walker’s areas (403)', async () => {
    expect((await send('/api/patrols', { id: 'p-walk-1' }, colleague)).status).toBe(409);
    expect((await send('/api/patrols', { area: gridB.code }, worker)).status).toBe(403);
  });

  it('stores a batch once however often it is sent, and sums distance, duration and units passed', async () => {
    // Walk from unit to unit of grid A, a point every 5 minutes (a walk: well under the jump speed).
    const pts = gridA.units.slice(0, 3).map((u, i) => ({ lon: u.lon, lat: u.lat, t: iso(started + (i + 1) * 5 * 60_000), accuracy: 8 }));
    const first = await send(`/api/patrols/${id}/points`, { batch: 'b1', points: pts }, worker);
    expect(first.status, await first.clone().text()).toBe(201);
    const again = await send(`/api/patrols/${id}/points`, { batch: 'b1', points: pts }, worker);
    expect(again.status).toBe(200);
    expect(await count('patrol_point')).toBe(3);
    const body = await again.json();
    expect(body).toMatchObject({ received: 3, kept: 3 });
    expect(body.patrol.units).toEqual(expect.arrayContaining(gridA.units.slice(0, 3).map((u) => u.code)));
    expect(body.patrol.distance_m).toBeGreaterThan(10);
    expect(body.patrol.duration_s).toBe(15 * 60);
  });

  it('keeps a GPS jump on record but out of the track', async () => {
    const last = gridA.units[2];
    const before = (await (await get(`/api/patrols/${id}`, worker)).json()).properties;
    const pts = [
      { lon: last.lon + 0.5, lat: last.lat, t: iso(started + 16 * 60_000) }, // 50 km in a minute
      { lon: last.lon, lat: last.lat + 0.0001, t: iso(started + 17 * 60_000), accuracy: 5 },
    ];
    const res = await send(`/api/patrols/${id}/points`, { batch: 'b2', points: pts }, worker);
    expect(await res.json()).toMatchObject({ received: 2, kept: 1 });
    const after = (await (await get(`/api/patrols/${id}`, worker)).json()).properties;
    expect(after.points).toBe(5);
    expect(after.kept).toBe(4);
    // The jump added nothing: 11 m north of the last point, not 100 km there and back.
    expect(after.distance_m - before.distance_m).toBeLessThan(20);
  });

  it('refuses a batch with a point out of range or out of time order, naming it, and stores none of it', async () => {
    const u = gridA.units[0];
    const outOfRange = await send(`/api/patrols/${id}/points`, { batch: 'b3', points: [{ lon: u.lon, lat: u.lat, t: iso(started + 20 * 60_000) }, { lon: u.lon, lat: 95, t: iso(started + 21 * 60_000) }] }, worker);
    expect(outOfRange.status).toBe(400);
    expect((await outOfRange.json()).message).toContain('points.1.lat');
    const backwards = await send(`/api/patrols/${id}/points`, { batch: 'b4', points: [{ lon: u.lon, lat: u.lat, t: iso(started + 22 * 60_000) }, { lon: u.lon, lat: u.lat, t: iso(started + 21 * 60_000) }] }, worker);
    expect(backwards.status).toBe(400);
    const b = await backwards.json();
    expect(b.message).toContain('points[1].t');
    expect(b.problems[0]).toMatchObject({ index: 1, field: 'points[1].t' });
    // Before what is stored already: refused as well.
    const stale = await send(`/api/patrols/${id}/points`, { batch: 'b5', points: [{ lon: u.lon, lat: u.lat, t: iso(started + 2 * 60_000) }] }, worker);
    expect(stale.status).toBe(400);
    expect((await stale.json()).message).toContain('points[0].t');
    expect(await count('patrol_point')).toBe(5);
    expect(await count('patrol_batch')).toBe(2);
  });

  it('is the walker’s alone to add to', async () => {
    const u = gridA.units[0];
    const res = await send(`/api/patrols/${id}/points`, { batch: 'x1', points: [{ lon: u.lon, lat: u.lat, t: iso(Date.now()) }] }, dispatcher);
    expect(res.status).toBe(404);
  });

  it('is seen by its walker and the community’s dispatcher, not by a colleague, and never by an analyst', async () => {
    const ids = async (as: Auth) => (await (await get('/api/patrols?period=week', as)).json()).features.map((f: { id: string }) => f.id);
    expect(await ids(worker)).toEqual([id]);
    expect(await ids(dispatcher)).toEqual([id]);
    expect(await ids(colleague)).toEqual([]);
    expect((await get(`/api/patrols/${id}`, colleague)).status).toBe(404);
    expect((await get('/api/patrols?period=week', analyst)).status).toBe(403);
    const f = (await (await get(`/api/patrols/${id}`, dispatcher)).json());
    expect(f.geometry.type).toBe('LineString');
    expect(f.geometry.coordinates).toHaveLength(4);
  });

  it('stops, and takes no more points after', async () => {
    const res = await send(`/api/patrols/${id}/stop`, {}, worker);
    expect(res.status).toBe(200);
    expect((await res.json()).properties.stopped_at).not.toBeNull();
    const u = gridA.units[0];
    expect((await send(`/api/patrols/${id}/points`, { batch: 'late', points: [{ lon: u.lon, lat: u.lat, t: iso(Date.now()) }] }, worker)).status).toBe(409);
  });
});

describe('visits and coverage', () => {
  it('logs a visit with a photo, once per id, and counts the unit as visited', async () => {
    const form = new FormData();
    form.set('id', 'visit-photo-1');
    form.set('file', new Blob([new Uint8Array(await sharp({ create: { width: 40, height: 30, channels: 3, background: '#a63' } }).jpeg().toBuffer())], { type: 'image/jpeg' }), 'v.jpg');
    expect((await api.request('/api/media', { method: 'POST', body: form, headers: worker })).status).toBe(201);
    const visit = { id: 'v-1', unit: gridA.units[0].code, note: '走访独居老人，情况良好', media: ['visit-photo-1'] };
    const res = await send('/api/visits', visit, worker);
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await res.json()).toMatchObject({ unit: gridA.units[0].code, media: ['visit-photo-1'] });
    expect((await send('/api/visits', visit, worker)).status).toBe(200);
    expect(await count('visit')).toBe(1);
    // The visit's photo: to the community's dispatcher (patrols.read there), not to a colleague.
    expect((await get('/api/media/visit-photo-1', dispatcher)).status).toBe(200);
    expect((await get('/api/media/visit-photo-1', colleague)).status).toBe(404);

    const stats = await (await get(`/api/patrols/stats?area=${gridA.community}&group=grid`, analyst)).json();
    const row = stats.areas.find((a: { code: string }) => a.code === gridA.code);
    expect(row).toMatchObject({ units: gridA.units.length, visited: 1, visits: 1 });
    expect(row.coverage).toBeCloseTo(1 / gridA.units.length, 3);
    expect(stats.areas.find((a: { code: string }) => a.code === gridB.code)).toMatchObject({ visited: 0 });
    const csv = await (await get(`/api/patrols/stats?area=${gridA.community}&group=grid&format=csv`, analyst)).text();
    expect(csv.split('\r\n')[0]).toBe('code,name,level,units,units_visited,visits,coverage');
    expect(csv).toContain(`${gridA.code},`);
    expect(csv).toContain(`,${gridA.units.length},1,1,${(1 / gridA.units.length).toFixed(3)}\r\n`);
  });

  it('refuses a photo the walker may not see, naming it, and stores nothing', async () => {
    const res = await send('/api/visits', { id: 'v-2', unit: gridA.units[1].code, note: '走访', media: ['visit-photo-1'] }, colleague);
    // The colleague is outside grid A: the unit is refused first.
    expect(res.status).toBe(403);
    const mine = await send('/api/visits', { id: 'v-3', unit: gridB.unit, note: '走访', media: ['visit-photo-1'] }, colleague);
    expect(mine.status).toBe(400);
    expect((await mine.json()).message).toContain('media[0]');
    expect(await count('visit')).toBe(1);
    expect(await count('visit_media')).toBe(1);
  });

  it('gives coverage figures only to those who may see them', async () => {
    expect((await get(`/api/patrols/stats?area=${gridB.code}`, worker)).status).toBe(403);
    expect((await get(`/api/patrols/stats?area=${gridA.code}`, worker)).status).toBe(200);
  });
});
