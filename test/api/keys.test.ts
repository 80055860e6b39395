import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';
import { createSquareTown } from '../fixtures/create_square_town.ts';
import { importAreas } from '../../server/services/import_areas.ts';

let t: TestDb;
let api: TestServer;
let worker: { username: string; authorization: string };
let planner: { username: string; authorization: string };
let viewer: { username: string; authorization: string };
beforeAll(async () => {
  t = await createTestDb('empty');
  await importAreas(t.db, createSquareTown());
  api = await startTestServer(t.db);
  worker = await api.userWith('grid_worker', 'T0101');
  planner = await api.userWith('planner', 'T01', { canPublish: true });
  viewer = await api.userWith('viewer', 'T');
});
afterAll(async () => {
  await api?.close();
  await t?.drop();
});

const makeKey = async (who: { authorization: string }, body: Record<string, unknown>) => {
  const res = await api.post('/api/keys', body, { authorization: who.authorization });
  return { status: res.status, body: await res.json() };
};
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
const anonymous = (path: string, init: RequestInit = {}) => fetch(api.url + path, init);

describe('personal access keys', () => {
  it('are read-only by default, shown once, stored hashed and listed without the key', async () => {
    const made = await makeKey(planner, { name: 'QGIS at the office' });
    expect(made.status).toBe(201);
    expect(made.body.key).toMatch(/^gwk_[\w-]{43}$/);
    expect(made.body.permissions.sort()).toEqual(['areas.read', 'events.read', 'households.read']);
    const [stored] = await t.db.query<{ key_hash: string }>('select key_hash from access_key where id = $1', [made.body.id]);
    expect(stored.key_hash).not.toContain(made.body.key.slice(4));
    expect(stored.key_hash).toMatch(/^[0-9a-f]{64}$/);
    const list = await (await api.get('/api/keys', { authorization: planner.authorization })).json();
    const mine = list.keys.find((k: { id: number }) => k.id === made.body.id);
    expect(mine).toMatchObject({ name: 'QGIS at the office', username: planner.username, last_used_at: null, revoked_at: null });
    expect(JSON.stringify(list)).not.toContain(made.body.key);
  });

  it('work as a bearer token and record when they were last used', async () => {
    const { body } = await makeKey(viewer, { name: 'script' });
    const res = await anonymous('/api/areas/T01', { headers: bearer(body.key) });
    expect(res.status).toBe(200);
    const [k] = (await (await api.get('/api/keys', { authorization: viewer.authorization })).json()).keys.filter((x: { id: number }) => x.id === body.id);
    expect(k.last_used_at).not.toBeNull();
  });

  it('a read-only key cannot write; one given plans.edit can, within its user\'s areas', async () => {
    const ro = await makeKey(planner, { name: 'read only' });
    const refused = await anonymous('/api/plans', { method: 'POST', headers: { ...bearer(ro.body.key), 'content-type': 'application/json' }, body: JSON.stringify({ root: 'T01', name: 'k' }) });
    expect(refused.status).toBe(403);
    const rw = await makeKey(planner, { name: 'edits', permissions: ['areas.read', 'plans.edit'] });
    expect(rw.status).toBe(201);
    const made = await anonymous('/api/plans', { method: 'POST', headers: { ...bearer(rw.body.key), 'content-type': 'application/json' }, body: JSON.stringify({ root: 'T01', name: 'k' }) });
    expect(made.status).toBe(201);
    const beyond = await anonymous('/api/plans', { method: 'POST', headers: { ...bearer(rw.body.key), 'content-type': 'application/json' }, body: JSON.stringify({ root: 'T02', name: 'k' }) });
    expect(beyond.status).toBe(403);
  });

  it('cannot carry a permission its user does not hold', async () => {
    const res = await makeKey(viewer, { name: 'greedy', permissions: ['areas.read', 'areas.write'] });
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([expect.objectContaining({ field: 'permissions', problem: 'you do not hold areas.write' })]);
  });

  it('never reaches beyond its user\'s areas', async () => {
    const { body } = await makeKey(worker, { name: 'worker' });
    expect((await anonymous('/api/areas/T0101', { headers: bearer(body.key) })).status).toBe(200);
    expect((await anonymous('/api/areas/T0102', { headers: bearer(body.key) })).status).toBe(403);
    const grids = await (await anonymous('/ogc/collections/grids/items', { headers: bearer(body.key) })).json();
    expect(grids.features.map((f: { id: string }) => f.id)).toEqual(['T0101']);
  });

  it('is refused at once when revoked, and when expired', async () => {
    const { body } = await makeKey(viewer, { name: 'to revoke' });
    expect((await anonymous('/ogc/collections', { headers: bearer(body.key) })).status).toBe(200);
    const revoked = await api.request(`/api/keys/${body.id}`, { method: 'DELETE', headers: { authorization: viewer.authorization } });
    expect(revoked.status).toBe(200);
    expect((await revoked.json()).revoked_by).toBe(viewer.username);
    expect((await anonymous('/ogc/collections', { headers: bearer(body.key) })).status).toBe(401);

    const old = await makeKey(viewer, { name: 'to expire' });
    expect((await anonymous('/ogc/collections', { headers: bearer(old.body.key) })).status).toBe(200);
    await t.db.query(`update access_key set expires_at = now() - interval '1 second' where id = $1`, [old.body.id]);
    expect((await anonymous('/ogc/collections', { headers: bearer(old.body.key) })).status).toBe(401);
  });

  it('works as the password of HTTP Basic for reads, with its own user\'s name only', async () => {
    const { body } = await makeKey(viewer, { name: 'qgis', permissions: ['areas.read'] });
    expect((await anonymous('/ogc/collections', { headers: basic(viewer.username, body.key) })).status).toBe(200);
    expect((await anonymous('/ogc/collections', { headers: basic('someone-else', body.key) })).status).toBe(401);
    expect((await anonymous('/ogc/collections', { headers: basic(viewer.username, 'test-password-1') })).status).toBe(401);
    const rw = await makeKey(planner, { name: 'basic write', permissions: ['areas.read', 'plans.edit'] });
    const write = await anonymous('/api/plans', { method: 'POST', headers: { ...basic(planner.username, rw.body.key), 'content-type': 'application/json' }, body: JSON.stringify({ root: 'T01', name: 'b' }) });
    expect(write.status).toBe(401);
  });

  it('works as a key= parameter on tile and OGC URLs only, and the parameter is not written back in links', async () => {
    const { body } = await makeKey(viewer, { name: 'url' });
    const items = await anonymous(`/ogc/collections/grids/items?limit=1&key=${body.key}`);
    expect(items.status).toBe(200);
    const text = await items.text();
    expect(JSON.parse(text).links.find((l: { rel: string }) => l.rel === 'next').href).toMatch(/offset=1/);
    expect(text).not.toContain(body.key);
    expect((await anonymous(`/tiles/grids.json?key=${body.key}`)).status).toBe(200);
    expect((await anonymous(`/api/areas/T01?key=${body.key}`)).status).toBe(401);
  });

  it('a key cannot make keys', async () => {
    const { body } = await makeKey(planner, { name: 'k' });
    const res = await anonymous('/api/keys', { method: 'POST', headers: { ...bearer(body.key), 'content-type': 'application/json' }, body: JSON.stringify({ name: 'child' }) });
    expect(res.status).toBe(403);
  });

  it('administrators list and revoke everyone\'s keys; others only their own', async () => {
    const { body } = await makeKey(worker, { name: 'to be revoked by the admin' });
    expect((await api.get('/api/keys?all=true', { authorization: viewer.authorization })).status).toBe(403);
    expect((await api.request(`/api/keys/${body.id}`, { method: 'DELETE', headers: { authorization: viewer.authorization } })).status).toBe(404);
    const all = await (await api.get('/api/keys?all=true')).json();
    expect(all.keys.map((k: { id: number }) => k.id)).toContain(body.id);
    const revoked = await api.request(`/api/keys/${body.id}`, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect((await anonymous('/api/areas/T0101', { headers: bearer(body.key) })).status).toBe(401);
  });
});

describe('the 401 challenge', () => {
  it('names Bearer and Basic to clients, Bearer only to the web app\'s own scripts', async () => {
    const res = await anonymous('/ogc/collections');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="Gridwork", Basic realm="Gridwork", charset="UTF-8"');
    const fromPage = await anonymous('/api/auth/me', { headers: { 'sec-fetch-dest': 'empty' } });
    expect(fromPage.status).toBe(401);
    expect(fromPage.headers.get('www-authenticate')).toBe('Bearer realm="Gridwork"');
  });
});

describe('a key in a URL never reaches the log', () => {
  it('the request log writes the path without it', async () => {
    const lines: string[] = [];
    const capture = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
    const spies = (['log', 'info', 'warn', 'error'] as const).map((m) => vi.spyOn(console, m).mockImplementation(capture));
    const logged = await startTestServer(t.db, { config: { accessLog: true } });
    try {
      const { body } = await makeKey(viewer, { name: 'logged' });
      expect((await fetch(`${logged.url}/ogc/collections/grids/items?limit=2&key=${body.key}`)).status).toBe(200);
      expect((await fetch(`${logged.url}/tiles/grids/0/0/0.mvt?key=${body.key}`)).status).toBe(200);
      expect((await fetch(`${logged.url}/ogc/collections/nothing/items?key=${body.key}`)).status).toBe(404);
      expect((await fetch(`${logged.url}/api/areas?key=${body.key}`)).status).toBe(401);
      const deadline = Date.now() + 5000;
      while (lines.filter((l) => / (GET) \//.test(l)).length < 4 && Date.now() < deadline) await new Promise((r) => setImmediate(r));
      expect(lines.some((l) => l.includes('GET /ogc/collections/grids/items?limit=2 200'))).toBe(true);
      expect(lines.some((l) => l.includes('GET /api/areas 401'))).toBe(true);
      expect(lines.filter((l) => l.includes(body.key.slice(4, 20)))).toEqual([]);
    } finally {
      spies.forEach((s) => s.mockRestore());
      await logged.close();
    }
  });
});

describe('public metadata and cross-origin use', () => {
  it('the landing page, conformance and TileJSON answer without sign-in only when configured', async () => {
    expect((await anonymous('/ogc')).status).toBe(401);
    const open = await startTestServer(t.db, { signedIn: false, config: { publicMetadata: true } });
    try {
      expect((await fetch(`${open.url}/ogc`)).status).toBe(200);
      expect((await fetch(`${open.url}/ogc/conformance`)).status).toBe(200);
      const tj = await fetch(`${open.url}/tiles/grids.json`);
      expect(tj.status).toBe(200);
      expect((await tj.json()).bounds).toBeUndefined();
      expect((await fetch(`${open.url}/ogc/collections`)).status).toBe(401);
      expect((await fetch(`${open.url}/tiles/grids/0/0/0.mvt`)).status).toBe(401);
    } finally {
      await open.close();
    }
  });

  it('answers a preflight from a configured origin before authentication, and nothing to others', async () => {
    const cross = await startTestServer(t.db, { signedIn: false, config: { corsOrigins: ['https://gis.example.org'] } });
    try {
      const preflight = (origin: string) =>
        fetch(`${cross.url}/ogc/collections`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
      const ok = await preflight('https://gis.example.org');
      expect(ok.status).toBe(204);
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://gis.example.org');
      expect(ok.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
      expect(ok.headers.get('access-control-allow-credentials')).toBeNull();
      const other = await preflight('https://evil.example.com');
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const get = await fetch(`${cross.url}/ogc/collections`, { headers: { origin: 'https://gis.example.org' } });
      expect(get.status).toBe(401);
      expect(get.headers.get('access-control-allow-origin')).toBe('https://gis.example.org');
    } finally {
      await cross.close();
    }
  });
});
