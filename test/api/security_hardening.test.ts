import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { FeatureCollection, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';
import { createSquareTown } from '../fixtures/create_square_town.ts';
import { createApp } from '../../server/app.ts';
import type { Config } from '../../server/config.ts';
import { importAreas } from '../../server/services/import_areas.ts';
import { createDemoUsers, DEMO_PASSWORD } from '../../server/services/auth/bootstrap_users.ts';
import { DEMO_OPEN311_KEY } from '../../server/services/event_settings.ts';

/**
 * The Medium and low findings of issue #14, each probed as the attacker did: cross-site writes
 * riding on the cookie, missing security headers, weak passwords, formula cells in CSV exports,
 * text stored as U+FFFD, ids out of range as 500s, links built from the Host header, the demo
 * Open311 key outside the demo, and personal text in anonymous Open311 answers.
 */

// The square town, with area names an attacker would write to reach a spreadsheet (CSV injection),
// and two units in T0101 so that a plan's assignment table has rows.
const FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", '@SUM(1+1)', '-2+3'];
function createFormulaTown(): FeatureCollection<Polygon> {
  const town = createSquareTown();
  const named: Record<string, string> = { T0101: FORMULAS[0], T0102: FORMULAS[1], T0201: FORMULAS[2], T0202: FORMULAS[3] };
  for (const f of town.features) if (named[f.properties!.code]) f.properties!.name = named[f.properties!.code];
  const unit = (code: string, name: string, x0: number) => ({
    type: 'Feature' as const,
    properties: { code, name, level: 'unit', parent_code: 'T0101' },
    geometry: { type: 'Polygon' as const, coordinates: [[[x0, 30], [x0 + 0.005, 30], [x0 + 0.005, 30.01], [x0, 30.01], [x0, 30]]] },
  });
  town.features.push(unit('T010101', '=1+1', 120), unit('T010102', '\t=2', 120.005));
  return town;
}

let t: TestDb;
let api: TestServer;
const extra: { close(): Promise<void> }[] = [];
beforeAll(async () => {
  t = await createTestDb('empty');
  await importAreas(t.db, createFormulaTown());
  await createDemoUsers(t.db, 'T', 'T0101');
  api = await startTestServer(t.db);
});
afterAll(async () => {
  for (const s of extra) await s.close();
  await api?.close();
  await t?.drop();
});

/** Another app over the same database, made with `config` (what startTestServer does not set). */
async function startApp(config: Partial<Config> & { open311DemoKey?: boolean } = {}): Promise<string> {
  const app = createApp(t.db, { bodyLimit: '50mb', loginLimitPerMinute: 1000, ...config });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  extra.push({ close: () => new Promise((r) => server.close(() => r())) });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const signIn = async (base: string, username = 'admin', password = DEMO_PASSWORD, headers: Record<string, string> = {}) => {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password }) });
  expect(res.status).toBe(200);
  const setCookie = res.headers.get('set-cookie')!;
  return { setCookie, cookie: setCookie.split(';')[0], token: ((await res.json()) as { token: string }).token };
};

describe('cross-site writes with the session cookie (CSRF)', () => {
  const evil = 'http://127.0.0.1:1'; // another port of the same host: the same *site*, so SameSite=Strict does not stop it
  let cookie: string;
  beforeAll(async () => {
    cookie = (await signIn(api.url)).cookie;
  });
  const send = (path: string, headers: Record<string, string>, init: RequestInit = {}) =>
    fetch(api.url + path, { method: 'POST', ...init, headers: { cookie, ...headers } });

  it('refuses an auto-submitted text/plain form and a body-less POST from another origin, writing nothing', async () => {
    const before = await t.db.query<{ n: number }>('select count(*)::int as n from household');
    const form = await send('/api/households/import', { origin: evil, 'content-type': 'text/plain' }, { body: 'id,lon,lat\nCSRF1,120.005,30.005\n' });
    expect(form.status).toBe(403);
    expect((await form.json()).message).toMatch(/another site \(http:\/\/127\.0\.0\.1:1\).*Authorization: Bearer/);
    const undo = await send('/api/coverage/fixes/1/undo', { origin: evil });
    expect(undo.status).toBe(403);
    const logout = await send('/api/auth/logout', { origin: evil });
    expect(logout.status).toBe(403);
    expect(await t.db.query<{ n: number }>('select count(*)::int as n from household')).toEqual(before);
  });

  it('refuses a cookie write with neither Origin nor Referer, or with Origin "null" (a sandboxed frame)', async () => {
    expect((await send('/api/coverage/fixes/1/undo', {})).status).toBe(403);
    expect((await send('/api/coverage/fixes/1/undo', { origin: 'null' })).status).toBe(403);
    expect((await send('/api/coverage/fixes/1/undo', { referer: `${evil}/attack.html` })).status).toBe(403);
  });

  it("takes the cookie write from the site's own pages (Origin, or Referer when no Origin is sent)", async () => {
    const csv = (id: string) => `id,lon,lat\n${id},120.005,30.005\n`;
    const own = await send('/api/households/import', { origin: api.url, 'content-type': 'text/csv' }, { body: csv('OWN1') });
    expect(own.status).toBe(201);
    const byReferer = await send('/api/households/import', { referer: `${api.url}/admin.html`, 'content-type': 'text/csv' }, { body: csv('OWN2') });
    expect(byReferer.status).toBe(201);
    // Reads need no Origin.
    expect((await fetch(`${api.url}/api/auth/me`, { headers: { cookie } })).status).toBe(200);
  });

  it('exempts bearer tokens and requests without the session cookie (sign-in, Open311 keys)', async () => {
    const bearer = await fetch(`${api.url}/api/coverage/fixes/999/undo`, { method: 'POST', headers: { authorization: `Bearer ${api.token}`, origin: evil } });
    expect(bearer.status).toBe(404);
    const login = await fetch(`${api.url}/api/auth/login`, { method: 'POST', headers: { origin: evil, 'content-type': 'application/json' }, body: JSON.stringify({ username: 'viewer', password: DEMO_PASSWORD }) });
    expect(login.status).toBe(200);
  });
});

describe('security headers and the cookie behind HTTPS', () => {
  it('sends CSP, nosniff, no framing and a referrer policy on every response: API, errors, tiles, pages', async () => {
    const responses = await Promise.all([
      api.get('/api/health'),
      api.get('/api/no-such-route'),
      api.get('/api/plans/abc'),
      fetch(`${api.url}/api/auth/me`),
      api.get('/tiles/layers.json'),
      fetch(`${api.url}/signin.html`),
      fetch(`${api.url}/open311/v2/services.json`),
    ]);
    for (const res of responses) {
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, res.url).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain('worker-src \'self\' blob:'); // MapLibre's workers
      expect(csp).toContain("object-src 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('strict-transport-security')).toBeNull(); // plain HTTP here
    }
  });

  it('lets the basemap\'s origin into the CSP, and nothing else', async () => {
    const base = await startApp({ basemapUrl: 'https://t0.tianditu.gov.cn/img_w/wmts?x={x}&y={y}&z={z}' });
    const csp = (await fetch(`${base}/api/health`)).headers.get('content-security-policy')!;
    expect(csp).toContain("img-src 'self' data: blob: https://t0.tianditu.gov.cn;");
    expect(csp).toContain("connect-src 'self' https://t0.tianditu.gov.cn;");
  });

  it('marks the session cookie Secure (and sends HSTS) when a trusted proxy says the request came over HTTPS, and only then', async () => {
    const proxied = await startApp({ trustProxy: 'loopback' });
    const overHttps = await signIn(proxied, 'viewer', DEMO_PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(overHttps.setCookie).toMatch(/;\s*Secure/i);
    expect(overHttps.setCookie).toMatch(/HttpOnly/i);
    expect(overHttps.setCookie).toMatch(/SameSite=Strict/i);
    const hsts = await fetch(`${proxied}/api/health`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(hsts.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    // The same header from a client the server does not trust as a proxy changes nothing.
    const untrusted = await signIn(api.url, 'viewer', DEMO_PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(untrusted.setCookie).not.toMatch(/Secure/i);
  });
});

describe('the password policy', () => {
  const create = (username: string, password: string) => api.post('/api/users', { username, password, grants: [{ role: 'viewer', area_code: 'T' }] });
  it.each([
    { name: 'a common password', password: '12345678', reason: /最常被猜中.*tried first/, key: 'password.common' },
    { name: 'eight spaces', password: '        ', reason: /至少需要 8 个字符.*at least 8 characters/, key: 'password.short' },
    { name: 'seven characters padded with spaces', password: '  abc123x  '.replace('x', ''), reason: /at least 8/, key: 'password.short' },
    { name: 'one character repeated', password: 'aaaaaaaaaa', reason: /不同的字符太少.*too few different/, key: 'password.repetitive' },
    { name: 'a keyboard run', password: 'abcdefghij', reason: /连续的字符.*consecutive/, key: 'password.sequence' },
    { name: 'a Chinese favourite', password: 'woaini1314', reason: /tried first/, key: 'password.common' },
    { name: 'the user name', password: 'weak-user-1', reason: /用户名.*user name/, key: 'password.username' },
  ])('refuses $name with a 400 in Chinese and English naming the password', async ({ password, reason, key }) => {
    const res = await create('weak-user-1', password);
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(400);
    expect(body.message).toMatch(reason);
    expect(body.problems).toEqual([{ field: 'password', problem: expect.stringMatching(reason), reason: key }]);
  });

  it('refuses a weak new password for an existing user, and takes a good one', async () => {
    const res = await api.request('/api/users/viewer', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'password123' }) });
    expect(res.status).toBe(400);
    expect((await create('strong-user-1', '青溪 grid worker 2026')).status).toBe(201);
  });

  it('keeps the demo users signing in with the documented demo password', async () => {
    for (const username of ['admin', 'planner', 'dispatcher', 'gridworker', 'analyst', 'viewer']) await signIn(api.url, username);
  });
});

describe('CSV exports escape cells a spreadsheet would run', () => {
  const formulaCells = (csv: string) =>
    csv
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .flatMap((line) => line.match(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g) ?? [])
      .map((c) => c.replace(/^,/, '').replace(/^"|"$/g, ''))
      .filter((c) => /^[=+\-@\t\r]/.test(c) && !/^-?\d+(\.\d+)?$/.test(c));

  it('event stats', async () => {
    const res = await api.get('/api/events/stats?area=T&group=grid&format=csv');
    expect(res.status).toBe(200);
    const csv = await res.text();
    expect(csv).toContain(`'=HYPERLINK`);
    expect(csv).toContain(`'@SUM`);
    expect(csv).toContain(`'-2+3`);
    expect(formulaCells(csv)).toEqual([]);
  });

  it("a plan's assignment table", async () => {
    const created = await api.post('/api/plans', { root: 'T01', name: 'csv-injection' });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    const res = await api.get(`/api/plans/${id}/export?format=csv`);
    expect(res.status).toBe(200);
    const csv = await res.text();
    expect(csv).toContain(`'=1+1`);
    expect(csv).toContain(`'=HYPERLINK`);
    expect(formulaCells(csv)).toEqual([]);
  });

  it('sizing (as before)', async () => {
    const res = await api.get('/api/sizing?root=T&level=grid&format=csv');
    expect(res.status).toBe(200);
    expect(formulaCells(await res.text())).toEqual([]);
  });
});

describe('text whose encoding cannot be decided is refused, never stored as U+FFFD', () => {
  const importCsv = (body: Buffer | string, type = 'text/csv') => api.request('/api/households/import', { method: 'POST', headers: { 'content-type': type }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  const headName = async (id: string) => (await t.db.query<{ head_name: string }>('select head_name from household where id = $1::text', [id]))[0]?.head_name;
  // 张三, 李四 in GBK, as Excel on Chinese Windows saves a CSV.
  const GBK_ZHANG_SAN = Buffer.from('d5c5c8fd', 'hex');
  const GBK_LI_SI = Buffer.from('c0eecbc4', 'hex');

  it('reads a GBK CSV sent as text/csv without a charset as the Chinese it is', async () => {
    const body = Buffer.concat([Buffer.from('id,lon,lat,head_name\nGBK1,120.005,30.005,'), GBK_ZHANG_SAN, Buffer.from('\nGBK2,120.006,30.005,'), GBK_LI_SI, Buffer.from('\n')]);
    const res = await importCsv(body);
    expect(res.status, await res.clone().text()).toBe(201);
    expect([await headName('GBK1'), await headName('GBK2')]).toEqual(['张三', '李四']);
  });

  it('reads a declared charset=gbk, and refuses an unknown charset with a 415', async () => {
    const body = Buffer.concat([Buffer.from('id,lon,lat,head_name\nGBK3,120.005,30.005,'), GBK_LI_SI, Buffer.from('\n')]);
    expect((await importCsv(body, 'text/csv; charset=gbk')).status).toBe(201);
    expect(await headName('GBK3')).toBe('李四');
    const unknown = await importCsv(body, 'text/csv; charset=x-klingon');
    expect(unknown.status).toBe(415);
    expect((await unknown.json()).message).toMatch(/charset "x-klingon"/);
  });

  it('refuses bytes that are neither UTF-8 nor Chinese in GBK with a 400 naming the line; nothing is stored', async () => {
    // Latin-1 "café" on line 3, and a GBK file declared as UTF-8.
    const latin1 = Buffer.from('id,lon,lat,head_name\nBAD1,120.005,30.005,ok\nBAD2,120.005,30.005,caf\xe9\n', 'latin1');
    const res = await importCsv(latin1);
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(400);
    expect(body.message).toMatch(/line 3/);
    expect(body.problems[0]).toMatchObject({ field: 'body', index: 2 });
    const declared = await importCsv(Buffer.concat([Buffer.from('id,lon,lat,head_name\nBAD3,120.005,30.005,'), GBK_ZHANG_SAN]), 'text/csv; charset=utf-8');
    expect(declared.status).toBe(400);
    expect(await t.db.query(`select id from household where id like 'BAD%'`)).toEqual([]);
  });

  it('refuses text already holding U+FFFD (decoded wrongly before it came), naming the line', async () => {
    const res = await importCsv('id,lon,lat,head_name\nFFFD1,120.005,30.005,\ufffd\ufffd\n');
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/line 2 holds U\+FFFD/);
  });

  it('refuses a JSON body that is not UTF-8, and an Open311 form that is not UTF-8 percent-encoding', async () => {
    const json = Buffer.concat([Buffer.from('{"username":"x'), Buffer.from([0xff, 0xfe]), Buffer.from('","password":"y"}')]);
    const res = await api.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array(json) });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/not valid UTF-8: byte 14/);
    const form = await fetch(`${api.url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `api_key=${DEMO_OPEN311_KEY}&service_code=dispute&lat=30.005&long=120.005&description=%D5%C5%C8%FD`,
    });
    expect(form.status).toBe(400);
    expect(JSON.stringify(await form.json())).toMatch(/field 5 \(description\) is not valid UTF-8/);
  });
});

describe('ids out of range are 404s, never 500s', () => {
  const huge = ['99999999999999999999', '1e309', '2147483648', '-1', '0', '1.5', 'abc', '0x10', '%20'];
  const routes: { method: string; path: (id: string) => string }[] = [
    { method: 'GET', path: (id) => `/api/plans/${id}` },
    { method: 'GET', path: (id) => `/api/plans/${id}/areas` },
    { method: 'GET', path: (id) => `/api/plans/${id}/export` },
    { method: 'DELETE', path: (id) => `/api/plans/${id}` },
    { method: 'GET', path: (id) => `/api/versions/${id}/areas` },
    { method: 'GET', path: (id) => `/api/sizing/proposals/${id}` },
    { method: 'POST', path: (id) => `/api/coverage/fixes/${id}/undo` },
    { method: 'DELETE', path: (id) => `/api/users/viewer/grants/${id}` },
    { method: 'GET', path: (id) => `/api/events/${id}` },
    { method: 'GET', path: (id) => `/open311/v2/requests/${id}.json` },
    { method: 'GET', path: (id) => `/ogc/collections/grids/items/${id}` },
    { method: 'GET', path: (id) => `/ogc/collections/events/items/${id}` },
    { method: 'GET', path: (id) => `/api/users/${id}` },
    { method: 'GET', path: (id) => `/api/areas/${id}` },
  ];
  for (const r of routes) {
    it(`${r.method} ${r.path(':id')}`, async () => {
      for (const id of huge) {
        const res = await api.request(r.path(id), { method: r.method, headers: r.method === 'POST' ? { 'content-type': 'application/json' } : {}, body: r.method === 'POST' ? '{}' : undefined });
        expect(res.status, `${r.method} ${r.path(id)}: ${await res.clone().text()}`).toBe(404);
      }
    });
  }

  it('numbers out of range in queries are 400s naming the parameter', async () => {
    for (const path of [
      '/api/audit?before=99999999999999999999',
      '/api/events/stream?last_event_id=99999999999999999999',
      '/api/events?offset=99999999999999999999',
      '/api/households?offset=99999999999999999999',
      '/api/staff?offset=99999999999999999999',
      '/ogc/collections/grids/items?offset=99999999999999999999',
      '/tiles/grids/14/99999999999999999999/1.mvt',
    ]) {
      const res = await api.get(path);
      expect(res.status, `${path}: ${await res.clone().text()}`).toBe(400);
    }
  });
});

describe('links are built from the configured public address, never the Host header', () => {
  // fetch() will not send a Host of our choosing; node:http will, as an attacker's client does.
  const getWithHost = (base: string, path: string, authorization: string): Promise<any> =>
    new Promise((resolve, reject) => {
      const req = http.get(base + path, { headers: { host: 'evil.example', authorization } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d) => (text += d)).on('end', () => resolve(JSON.parse(text)));
      });
      req.on('error', reject);
    });
  it('without GRIDWORK_PUBLIC_URL: the address the connection came in on', async () => {
    const auth = `Bearer ${api.token}`;
    const page = await getWithHost(api.url, '/ogc/collections/grids/items?limit=1', auth);
    expect(page.links.length).toBeGreaterThan(1);
    for (const l of page.links) expect(l.href.startsWith(`${api.url}/ogc/`), l.href).toBe(true);
    const layers = await getWithHost(api.url, '/tiles/layers.json', auth);
    expect(layers.layers[0].tilejson.startsWith(`${api.url}/tiles/`)).toBe(true);
    const tilejson = await getWithHost(api.url, '/tiles/grids.json', auth);
    expect(tilejson.tiles[0].startsWith(`${api.url}/tiles/`)).toBe(true);
    const openapi = await getWithHost(api.url, '/api/openapi.json', auth);
    expect(JSON.stringify(openapi.servers)).not.toContain('evil.example');
  });

  it('with GRIDWORK_PUBLIC_URL: that address, path prefix included', async () => {
    const base = await startApp({ publicUrl: 'https://grid.example.gov.cn/gridwork' });
    const { token } = await signIn(base);
    const page = await getWithHost(base, '/ogc/collections/grids/items?limit=1', `Bearer ${token}`);
    expect(page.links.length).toBeGreaterThan(1);
    for (const l of page.links) expect(l.href.startsWith('https://grid.example.gov.cn/gridwork/ogc/'), l.href).toBe(true);
  });
});

describe('Open311', () => {
  it('refuses the documented demo key outside the embedded demo', async () => {
    const base = await startApp({ open311DemoKey: false });
    delete process.env.GRIDWORK_OPEN311_KEYS;
    const res = await fetch(`${base}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: DEMO_OPEN311_KEY, service_code: 'dispute', lat: 30.005, long: 120.005, description: '测试' }),
    });
    expect(res.status).toBe(403);
    expect(JSON.stringify(await res.json())).toMatch(/GRIDWORK_OPEN311_KEYS/);
  });

  it('never shows an anonymous caller the assignee, however it is written, nor any personal text', async () => {
    for (const [i, assignee] of ['张三\n手机13812345678', '李四\r\n13900000000', '王五\u2028电话13700000000'].entries()) {
      const id = `o311-private-${i}`;
      const reported = await api.post('/api/events', { id, category: 'dispute', description: '3号楼王阿姨家', location: { lon: 120.005, lat: 30.005 } });
      expect(reported.status).toBe(201);
      for (const step of [{ action: 'accept' }, { action: 'dispatch', assignee }]) {
        const moved = await api.post(`/api/events/${id}/transitions`, { ...step, by: 'dispatcher' });
        expect(moved.status, await moved.clone().text()).toBe(200);
      }
      const [anon] = await (await fetch(`${api.url}/open311/v2/requests/${id}.json`)).json();
      expect(anon.status_notes).toMatch(/^[a-z_]+ at [a-z]+ level$/);
      expect(JSON.stringify(anon)).not.toMatch(/张三|李四|王五|1[3-9]\d{9}|王阿姨/);
      const list = await (await fetch(`${api.url}/open311/v2/requests.json?service_request_id=${id}`)).json();
      expect(JSON.stringify(list)).not.toMatch(/张三|李四|王五|1[3-9]\d{9}|王阿姨/);
      // Staff who may read the event still see whom it went to.
      const [whole] = await (await api.get(`/open311/v2/requests/${id}.json`)).json();
      expect(whole.status_notes).toContain(assignee.slice(0, 2));
    }
  });
});
