import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';
import { buildOpenapi } from '../../server/openapi/build_openapi.ts';
import { ROLE_PERMISSIONS, type Permission, type Role } from '../../server/domain/access/permissions.ts';
import { DEMO_OPEN311_KEY } from '../../server/services/event_settings.ts';

/**
 * Every route of the OpenAPI document, tried anonymously and as every role, at an area inside
 * the role's subtree and at one outside it. What each route needs is the table below; the first
 * test fails when the document has a route the table does not (a new route cannot be forgotten).
 *
 * Expected, from the table: anonymous → 401 (public routes: never 401/403); a role without the
 * permission anywhere → 403; with it, inside → neither 401 nor 403; outside → 403 where the
 * request names the area (path, query or body), 404 where it names a record by id (its existence
 * is not the caller's to learn), and neither where it names none (lists filter instead; the
 * scope tests check what they hold). Never a 500.
 */

interface Target {
  /** A grid (every scoped role below is held at a community or grid containing the inside one). */
  grid: string;
  /** An event in that grid, a point in it. */
  event: string;
  lon: number;
  lat: number;
  /** A grid on the other side, for bodies that pair two areas. */
  other: string;
}

type Need = Permission | 'public' | 'signed_in' | 'everywhere:areas.write';
type Names = 'path' | 'query' | 'body' | 'record' | 'none';
interface Route {
  need: Need;
  names: Names;
  url: (t: Target) => string;
  body?: (t: Target) => unknown;
  /** The body's content type, when not JSON. */
  contentType?: string;
  /** The exact status a caller allowed here gets (else: neither 401 nor 403, never a 500). */
  status?: number;
  /** Sent with a token signed in for this call alone (the route signs its token out). */
  ownToken?: true;
}

const enc = encodeURIComponent;
const none = (url: string, need: Need, body?: unknown): Route => ({ need, names: 'none', url: () => url, ...(body === undefined ? {} : { body: () => body }) });

// Bodies that an allowed caller gets a 400 for (nothing is written); a refused caller never gets that far.
const ROUTES: Record<string, Route> = {
  'get /api/areas': { need: 'areas.read', names: 'query', url: (t) => `/api/areas?within=${t.grid}` },
  'post /api/areas/import': none('/api/areas/import', 'areas.write', {}),
  'get /api/areas/{code}': { need: 'areas.read', names: 'path', url: (t) => `/api/areas/${t.grid}` },
  'get /api/areas/{code}/households': { need: 'households.read', names: 'path', url: (t) => `/api/areas/${t.grid}/households?limit=5` },
  'get /api/areas/{code}/facilities': { need: 'households.read', names: 'path', url: (t) => `/api/areas/${t.grid}/facilities?limit=5` },
  'get /api/areas/{code}/summary': { need: 'areas.read', names: 'path', url: (t) => `/api/areas/${t.grid}/summary` },
  'get /api/locate': { need: 'areas.read', names: 'none', url: (t) => `/api/locate?lon=${t.lon}&lat=${t.lat}` },
  'post /api/locate': { need: 'areas.read', names: 'none', url: () => '/api/locate', body: (t) => ({ points: [{ lon: t.lon, lat: t.lat }] }) },
  'get /api/households': { need: 'households.read', names: 'query', url: (t) => `/api/households?within=${t.grid}&limit=5` },
  'post /api/households/import': none('/api/households/import', 'households.write', {}),
  'get /api/facilities': { need: 'households.read', names: 'query', url: (t) => `/api/facilities?within=${t.grid}&limit=5` },
  'post /api/facilities/import': none('/api/facilities/import', 'households.write', {}),
  // A dry run of a register placing one row in the grid: it names the area through the row's point.
  'post /api/registers/households/import': { need: 'households.write', names: 'body', url: () => '/api/registers/households/import?dry_run=true', body: (t) => `户编号,经度,纬度\nAM1,${t.lon},${t.lat}\n`, contentType: 'text/csv' },
  'post /api/addresses/import': { need: 'households.write', names: 'body', url: () => '/api/addresses/import?dry_run=true', body: (t) => `地址编码,标准地址,经度,纬度\nAM1,和平路1号,${t.lon},${t.lat}\n`, contentType: 'text/csv' },
  'post /api/registers/facilities/import': { need: 'households.write', names: 'body', url: () => '/api/registers/facilities/import?dry_run=true', body: (t) => `编号,名称,类别,经度,纬度\nAM1,小卖部,shop,${t.lon},${t.lat}\n`, contentType: 'text/csv' },
  'get /api/staff': { need: 'areas.read', names: 'query', url: (t) => `/api/staff?within=${t.grid}` },
  'post /api/staff': none('/api/staff', 'staff.write', {}),
  'get /api/staff/check': { need: 'areas.read', names: 'query', url: (t) => `/api/staff/check?root=${t.grid}` },
  'get /api/party-orgs': { need: 'areas.read', names: 'query', url: (t) => `/api/party-orgs?within=${t.grid}` },
  'post /api/party-orgs': none('/api/party-orgs', 'staff.write', {}),
  'get /api/events': { need: 'events.read', names: 'query', url: (t) => `/api/events?area=${t.grid}&limit=5` },
  'post /api/events': {
    need: 'events.report', names: 'body', url: () => '/api/events',
    body: (t) => ({ category: 'dispute', description: 'access matrix', location: { lon: t.lon, lat: t.lat } }),
  },
  'get /api/events/categories': none('/api/events/categories', 'events.read'),
  'get /api/events/stream': none('/api/events/stream', 'events.read'),
  'get /api/changes/stream': none('/api/changes/stream', 'areas.read'),
  'get /api/events/heat': { need: 'events.read', names: 'query', url: (t) => `/api/events/heat?area=${t.grid}` },
  'get /api/events/stats': { need: 'events.read', names: 'query', url: (t) => `/api/events/stats?area=${t.grid}` },
  'get /api/events/{id}': { need: 'events.read', names: 'record', url: (t) => `/api/events/${enc(t.event)}` },
  'get /api/events/check': { need: 'events.report', names: 'none', url: (t) => `/api/events/check?lon=${t.lon}&lat=${t.lat}` },
  'post /api/events/{id}/media': { need: 'events.report', names: 'record', url: (t) => `/api/events/${enc(t.event)}/media`, body: () => ({ media: ['matrix-no-such-photo'] }) },
  // No body: a caller who gets past the access check is told the upload holds no photo (400).
  'post /api/media': none('/api/media', 'events.report'),
  'get /api/media/{id}': { need: 'events.read', names: 'none', url: () => '/api/media/matrix-no-such-photo' },
  'post /api/events/{id}/transitions': { need: 'events.handle', names: 'record', url: (t) => `/api/events/${enc(t.event)}/transitions`, body: () => ({ action: 'accept', by: 'matrix' }) },
  // Patrols (巡查): tracks to their walker (patrols.record) and to patrols.read; coverage figures to patrols.stats.
  'get /api/patrols': { need: 'patrols.record', names: 'query', url: (t) => `/api/patrols?area=${t.grid}&period=week` },
  'post /api/patrols': { need: 'patrols.record', names: 'body', url: () => '/api/patrols', body: (t) => ({ area: t.grid }) },
  'get /api/patrols/stats': { need: 'patrols.stats', names: 'query', url: (t) => `/api/patrols/stats?area=${t.grid}` },
  'get /api/patrols/{id}': { ...none('/api/patrols/matrix-no-such-patrol', 'patrols.record'), status: 404 },
  'post /api/patrols/{id}/points': { ...none('/api/patrols/matrix-no-such-patrol/points', 'patrols.record', { batch: 'b1', points: [{ lon: 120, lat: 29, t: '2026-01-01T00:00:00Z' }] }), status: 404 },
  'post /api/patrols/{id}/stop': { ...none('/api/patrols/matrix-no-such-patrol/stop', 'patrols.record', {}), status: 404 },
  // No unit or household named: a 400 once the caller may record visits.
  'post /api/visits': { ...none('/api/visits', 'patrols.record', { note: 'matrix' }), status: 400 },
  'get /open311/v2/discovery.json': none('/open311/v2/discovery.json', 'public'),
  'get /open311/v2/services.json': none('/open311/v2/services.json', 'public'),
  'get /open311/v2/services/{code}.json': none('/open311/v2/services/dispute.json', 'public'),
  'get /open311/v2/requests.json': none('/open311/v2/requests.json', 'public'),
  // Open311 clients authenticate with an api_key, not a user: without one it is a 400, with a wrong one a 403.
  'post /open311/v2/requests.json': none('/open311/v2/requests.json', 'public', { api_key: DEMO_OPEN311_KEY }),
  'get /open311/v2/requests/{id}.json': { need: 'public', names: 'none', url: (t) => `/open311/v2/requests/${enc(t.event)}.json` },
  'get /api/coverage': { need: 'areas.read', names: 'query', url: (t) => `/api/coverage?root=${t.grid}` },
  'post /api/coverage/fixes': none('/api/coverage/fixes', 'areas.write', {}),
  'post /api/coverage/fixes/{id}/undo': none('/api/coverage/fixes/999999/undo', 'areas.write'),
  'post /api/coverage/exceptions': none('/api/coverage/exceptions', 'areas.write', {}),
  'delete /api/coverage/exceptions/{problem_id}': none('/api/coverage/exceptions/gap-none', 'areas.write'),
  'get /api/sizing': { need: 'areas.read', names: 'query', url: (t) => `/api/sizing?root=${t.grid}` },
  'get /api/sizing/rules': none('/api/sizing/rules', 'areas.read'),
  'put /api/sizing/rules': none('/api/sizing/rules', 'everywhere:areas.write', {}),
  // A split of a grid that is not under the root: refused with 400 once the root is allowed.
  'post /api/sizing/proposals': { need: 'sizing.propose', names: 'body', url: () => '/api/sizing/proposals', body: (t) => ({ root: t.grid, kind: 'split', grid: t.other }) },
  'get /api/sizing/proposals/{id}': none('/api/sizing/proposals/999999', 'areas.read'),
  'get /tiles/layers.json': none('/tiles/layers.json', 'areas.read'),
  'get /tiles/{layer}.json': none('/tiles/grids.json', 'areas.read'),
  'get /tiles/{layer}/counts.json': none('/tiles/grids/counts.json', 'areas.read'),
  'get /tiles/{layer}/{z}/{x}/{y}.mvt': none('/tiles/grids/12/3414/1698.mvt', 'areas.read'),
  'get /api/search': none('/api/search?q=3307', 'areas.read'),
  'get /ogc': none('/ogc', 'areas.read'),
  'get /ogc/conformance': none('/ogc/conformance', 'areas.read'),
  'get /ogc/api': none('/ogc/api', 'areas.read'),
  'get /ogc/collections': none('/ogc/collections', 'areas.read'),
  'get /ogc/collections/{id}': none('/ogc/collections/grids', 'areas.read'),
  'get /ogc/collections/{id}/items': none('/ogc/collections/grids/items?limit=5', 'areas.read'),
  'get /ogc/collections/{id}/items/{featureId}': { need: 'areas.read', names: 'record', url: (t) => `/ogc/collections/grids/items/${t.grid}` },
  'get /api/config': none('/api/config', 'public'),
  'get /api/health': none('/api/health', 'public'),
  'get /api/openapi.json': none('/api/openapi.json', 'public'),
  'post /api/auth/login': none('/api/auth/login', 'public', {}),
  'post /api/auth/logout': { ...none('/api/auth/logout', 'public', {}), ownToken: true },
  'get /api/auth/me': none('/api/auth/me', 'signed_in'),
  'get /api/keys': none('/api/keys', 'signed_in'),
  'post /api/keys': none('/api/keys', 'signed_in', { name: 'matrix' }),
  // Nobody holds key 999999: a signed-in caller hears 404, not 401 or 403.
  'delete /api/keys/{id}': none('/api/keys/999999', 'signed_in'),
  'get /api/users': none('/api/users', 'users.manage'),
  'post /api/users': none('/api/users', 'users.manage', {}),
  'get /api/users/{username}': none('/api/users/nobody-here', 'users.manage'),
  'patch /api/users/{username}': none('/api/users/nobody-here', 'users.manage', {}),
  'post /api/users/{username}/grants': none('/api/users/nobody-here/grants', 'users.manage', {}),
  'delete /api/users/{username}/grants/{id}': none('/api/users/nobody-here/grants/999999', 'users.manage'),
  'get /api/audit': none('/api/audit?limit=1', 'audit.read'),
  // Plans: plans.edit over the plan's root (publishing: plans.publish too). Plan 999999 does not
  // exist: a caller who may edit plans learns that (404), any other is refused first (403).
  'get /api/plans': { need: 'plans.edit', names: 'none', url: () => '/api/plans', status: 200 },
  'post /api/plans': { need: 'plans.edit', names: 'body', url: () => '/api/plans', body: (t) => ({ root: t.grid, proposal_id: 'not a number' }), status: 400 },
  // A table with a bad row: refused (400) once the root is allowed; nothing is written.
  'post /api/plans/import': { need: 'plans.edit', names: 'query', url: (t) => `/api/plans/import?root=${t.grid}`, body: () => 'unit_code,grid_code\n,\n', contentType: 'text/csv', status: 400 },
  'get /api/plans/{id}': { ...none('/api/plans/999999', 'plans.edit'), status: 404 },
  'delete /api/plans/{id}': { ...none('/api/plans/999999', 'plans.edit'), status: 404 },
  'get /api/plans/{id}/areas': { ...none('/api/plans/999999/areas', 'plans.edit'), status: 404 },
  'post /api/plans/{id}/edits': { ...none('/api/plans/999999/edits', 'plans.edit', {}), status: 404 },
  'post /api/plans/{id}/undo': { ...none('/api/plans/999999/undo', 'plans.edit', {}), status: 404 },
  'post /api/plans/{id}/redo': { ...none('/api/plans/999999/redo', 'plans.edit', {}), status: 404 },
  'get /api/plans/{id}/check': { ...none('/api/plans/999999/check', 'plans.edit'), status: 404 },
  'get /api/plans/{id}/diff': { ...none('/api/plans/999999/diff', 'plans.edit'), status: 404 },
  'post /api/plans/{id}/publish': { ...none('/api/plans/999999/publish', 'plans.edit', {}), status: 404 },
  'get /api/plans/{id}/export': { ...none('/api/plans/999999/export', 'plans.edit'), status: 404 },
  // Published versions: areas.read (the list holds the caller's subtrees only; scope tests check it).
  'get /api/versions': { ...none('/api/versions', 'areas.read'), status: 200 },
  'get /api/versions/{id}/areas': { ...none('/api/versions/999999/areas', 'areas.read'), status: 404 },
};

const documented = Object.entries((buildOpenapi() as { paths: Record<string, Record<string, unknown>> }).paths)
  .flatMap(([p, item]) => Object.keys(item).map((m) => `${m} ${p}`))
  .sort();

// The scoped roles are held at community A (the grid worker at grid A1); "inside" is grid A1 and
// "outside" a grid of community B.
const COMMUNITY_A = '330782101001';
const GRID_A = '33078210100101';
const GRID_B = '33078210100201';
const CALLERS: { role: Role; at: string | null }[] = [
  { role: 'admin', at: null },
  { role: 'planner', at: COMMUNITY_A },
  { role: 'dispatcher', at: COMMUNITY_A },
  { role: 'grid_worker', at: GRID_A },
  { role: 'analyst', at: COMMUNITY_A },
  { role: 'viewer', at: COMMUNITY_A },
];

/** The statuses a caller may get: a predicate and what it means, for the failure message. */
function expected(route: Route, caller: { role: Role; at: string | null } | null, where: 'inside' | 'outside'): [(s: number) => boolean, string] {
  const exactly = (n: number): [(s: number) => boolean, string] => [(s) => s === n, String(n)];
  const allowed: [(s: number) => boolean, string] = route.status !== undefined ? exactly(route.status) : [(s) => s !== 401 && s !== 403 && s < 500, 'neither 401 nor 403'];
  if (route.need === 'public') return allowed;
  if (caller === null) return exactly(401);
  if (route.need === 'signed_in') return allowed;
  if (route.need === 'everywhere:areas.write') return caller.at === null ? allowed : exactly(403);
  if (!ROLE_PERMISSIONS[caller.role].includes(route.need)) return exactly(403);
  if (where === 'inside' || caller.at === null || route.names === 'none') return allowed;
  return route.names === 'record' ? exactly(404) : exactly(403);
}

describe('access to every route, by role, inside and outside the role\'s area', () => {
  let t: TestDb;
  let api: TestServer;
  const targets = {} as Record<'inside' | 'outside', Target>;
  const auth = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestDb('demo');
    api = await startTestServer(t.db);
    const spots = await t.db.query<{ code: string; lon: number; lat: number }>(
      `select code, st_x(p) as lon, st_y(p) as lat from area, st_pointonsurface(geom) as p where code = any($1::text[])`,
      [[GRID_A, GRID_B]],
    );
    for (const [where, grid, other] of [['inside', GRID_A, GRID_B], ['outside', GRID_B, GRID_A]] as const) {
      const s = spots.find((x) => x.code === grid)!;
      const res = await api.post('/api/events', { category: 'dispute', description: `matrix ${where}`, location: { lon: s.lon, lat: s.lat } });
      expect(res.status, await res.clone().text()).toBe(201);
      targets[where] = { grid, other, event: (await res.json()).id, lon: s.lon, lat: s.lat };
    }
    for (const c of CALLERS) auth.set(c.role, (await api.userWith(c.role, c.at)).authorization);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await t?.drop();
  });

  it('has an expectation for every documented route, and none for a route that does not exist', () => {
    expect(documented.filter((r) => !(r in ROUTES)), 'routes with no access expectation: add them to ROUTES').toEqual([]);
    expect(Object.keys(ROUTES).filter((r) => !documented.includes(r)), 'expectations for routes that are not documented').toEqual([]);
  });

  it.each(documented.filter((r) => r in ROUTES))('%s', async (key) => {
    const route = ROUTES[key];
    const method = key.split(' ')[0].toUpperCase();
    const wrong: string[] = [];
    const callers = [null, ...CALLERS];
    for (const caller of callers) {
      for (const where of ['inside', 'outside'] as const) {
        if (where === 'outside' && (caller === null || route.names === 'none')) continue;
        const t0 = targets[where];
        const token = !caller ? '' : route.ownToken ? (await api.userWith(caller.role, caller.at)).authorization : auth.get(caller.role)!;
        const headers: Record<string, string> = { authorization: token };
        const body = route.body?.(t0);
        if (body !== undefined) headers['content-type'] = route.contentType ?? 'application/json';
        const controller = new AbortController();
        const res = await fetch(api.url + route.url(t0), { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body), signal: controller.signal });
        // A stream never ends: the status is all that is needed.
        if (res.headers.get('content-type')?.startsWith('text/event-stream')) controller.abort();
        else await res.arrayBuffer();
        const [ok, meaning] = expected(route, caller, where);
        if (!ok(res.status)) wrong.push(`${caller ? `${caller.role}@${caller.at ?? 'everywhere'}` : 'anonymous'} ${where}: ${res.status}, expected ${meaning}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
