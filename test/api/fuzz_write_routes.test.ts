/**
 * Throws bad input at every write route the OpenAPI document lists (so a new route cannot be
 * missed): malformed JSON, bodies over the size limits, deep nesting, invalid geometries, broken
 * CSV, wrong types and wrong media types, generated from a seed (FUZZ_SEED to reproduce a run).
 * The service must answer every one with a clear 4xx (never a 500, never a hang) and write
 * nothing: every table's checksum is the same after as before. The limits themselves (sizes,
 * the per-address write rate) are tested at the end, on an app configured with small ones.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { createApp } from '../../server/app.ts';
import { acceptedTypes } from '../../server/routes/content_type_guard.ts';
import { buildOpenapi } from '../../server/openapi/build_openapi.ts';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';
import { brokenCsv, deepNesting, invalidGeometries, malformedJson, wrongContentTypes, wrongTypes, type BadBody } from './fuzz_bodies.ts';
import { tableChecksums } from './fuzz_checksums.ts';

const SEED = process.env.FUZZ_SEED || 'gridwork-fuzz-1';
const DEPTH_LIMIT = 64;
// Small limits for this app so that "too large" costs a few hundred kilobytes, not 50 MB.
const LIMITS = { bodyLimit: '256kb', jsonLimit: '16kb', jsonDepthLimit: DEPTH_LIMIT, writeLimitPerMinute: 100_000, loginLimitPerMinute: 100_000 };

interface Route {
  method: string;
  /** The OpenAPI path with its parameters filled in. */
  path: string;
  template: string;
  types: string[];
}

let t: TestDb;
let api: TestServer;
let server: Server;
let base: string;
let authorization: string;
let routes: Route[];
let before: Map<string, string>;

/** Sends a request to the small-limits app as an administrator; never waits more than 30 s. */
async function send(method: string, path: string, c: Pick<BadBody, 'contentType' | 'body'>, headers: Record<string, string> = {}) {
  const h: Record<string, string> = { authorization, ...headers };
  if (c.contentType) h['content-type'] = c.contentType;
  return fetch(base + path, { method, headers: h, body: c.body as BodyInit, signal: AbortSignal.timeout(30_000) });
}

/** A clear refusal: a JSON body naming the error and saying what was wrong (Open311 has its own shape). */
function messageOf(body: unknown): string {
  if (Array.isArray(body)) return body.map((e: { description?: string }) => e?.description ?? '').join(' ');
  const b = body as { error?: unknown; message?: unknown };
  return typeof b?.error === 'string' && typeof b?.message === 'string' ? b.message : '';
}

beforeAll(async () => {
  t = await createTestDb('demo');
  api = await startTestServer(t.db);
  authorization = `Bearer ${api.token}`;
  const app = createApp(t.db, { ...LIMITS, basemapUrl: undefined });
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Real ids for the routes that take one, so the handler gets as far as reading the body.
  const [spot] = await t.db.query<{ lon: number; lat: number }>(
    `select st_x(p) as lon, st_y(p) as lat from area g, st_pointonsurface(g.geom) as p where g.level = 'grid' and g.kind = 'base' order by g.code limit 1`,
  );
  const made = await api.post('/api/events', { id: 'fuzz-target', category: 'dispute', description: 'fuzz target', location: spot });
  expect(made.status).toBe(201);
  const params: Record<string, string> = { id: 'fuzz-target', username: api.token ? 'test-admin-all' : 'x', problem_id: 'gap:none' };

  const doc = buildOpenapi() as { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, unknown> } }>> };
  routes = [];
  for (const [template, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!['post', 'put', 'patch', 'delete'].includes(method)) continue;
      // Signing out takes no body and signs out the token it comes with, this test's own
      // (test/api/session_streams.test.ts covers it).
      if (template === '/api/auth/logout') continue;
      const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? `fuzz-${name}`));
      routes.push({ method: method.toUpperCase(), path, template, types: Object.keys(op.requestBody?.content ?? {}) });
    }
  }
  before = await tableChecksums(t.db);
}, 180_000);

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await api?.close();
  await t?.drop();
});

describe(`every write route refuses bad input with a clear 4xx and writes nothing (seed "${SEED}")`, () => {
  it('finds the write routes in the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThanOrEqual(15);
    expect(routes.map((r) => `${r.method} ${r.template}`)).toEqual(expect.arrayContaining(['POST /api/events', 'POST /api/areas/import', 'POST /api/households/import']));
  });

  it('answers every bad body at every route with a 4xx that says what is wrong', async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const route of routes) {
      // Each route gets its own stream of cases, so adding a route does not change the others'.
      const rng = seedrandom(`${SEED}:${route.method} ${route.template}`);
      const validLooking = JSON.stringify({ id: 'fz-1', category: 'dispute', description: 'x', location: { lon: 120.085, lat: 29.305 } });
      const cases: BadBody[] = route.types.length === 0
        ? [{ name: 'no body expected, path garbage only', contentType: '', body: undefined as unknown as string }]
        : [
            ...malformedJson(rng, validLooking),
            ...deepNesting(rng, DEPTH_LIMIT),
            ...wrongTypes(rng),
            ...invalidGeometries(rng),
            // A column `people` holding a word is no fault in a standard address register (it has no
            // such field; the column is kept as an attribute): there that body is a good one.
            ...(route.types.includes('text/csv') ? brokenCsv(rng).filter((c) => !(route.template === '/api/addresses/import' && c.name === 'people as a word')) : []),
            ...wrongContentTypes(validLooking),
            { name: 'over the size limit', contentType: 'application/json', body: JSON.stringify({ pad: 'x'.repeat(300 * 1024) }), status: 413, says: /limit/ },
          ];
      const paths = route.types.length === 0 || route.path.includes('fuzz-target')
        ? [route.path, route.path.replace(/fuzz-target|test-admin-all|gap%3Anone|fuzz-[a-z_]+/g, encodeURIComponent("1' or '1'='1; drop table area; --"))]
        : [route.path];
      const accepts = acceptedTypes(route.types);
      for (const path of paths) {
        // A route without parameters that takes no body (sign out) may simply succeed.
        const mayPass = route.types.length === 0 && path === route.template;
        for (const original of cases) {
          // A body in a type the route does not read is refused as such, whatever is in it.
          // One it does read (an area import takes KML as XML, files as octet-stream) but that holds
          // no such thing is refused for what it holds.
          const takes = Boolean(original.contentType) && accepts.has(original.contentType);
          const c = original.contentType && route.types.length > 0 && !takes ? { ...original, status: 415, says: undefined }
            : takes && original.status === 415 ? { ...original, status: 400, says: undefined } : original;
          sent++;
          const label = `${route.method} ${path} ← ${c.name}`;
          let res: Response;
          try {
            res = await send(route.method, path, c);
          } catch (err) {
            failures.push(`${label}: no answer (${(err as Error).message})`);
            continue;
          }
          const text = await res.text();
          let body: unknown = null;
          try {
            body = JSON.parse(text);
          } catch {
            /* checked below */
          }
          if (mayPass && res.status < 300) continue;
          if (res.status < 400 || res.status >= 500) failures.push(`${label}: ${res.status} ${text.slice(0, 200)}`);
          else if (c.status && res.status !== c.status) failures.push(`${label}: ${res.status}, expected ${c.status}: ${text.slice(0, 200)}`);
          else if (!messageOf(body)) failures.push(`${label}: ${res.status} without a message: ${text.slice(0, 200)}`);
          else if (c.says && !c.says.test(messageOf(body))) failures.push(`${label}: the message does not say ${c.says}: ${messageOf(body)}`);
        }
      }
    }
    console.log(`fuzz: ${sent} bad requests over ${routes.length} write routes, seed "${SEED}"`);
    expect(failures, `seed "${SEED}"`).toEqual([]);
  }, 600_000);

  it('wrote nothing: every table has the same rows as before', async () => {
    const after = await tableChecksums(t.db);
    const changed = [...before.keys()].filter((table) => before.get(table) !== after.get(table));
    // Say what was written, when something was: the audit log names the action.
    const audit = changed.includes('audit_log')
      ? await t.db.query<{ action: string; n: number }>(`select action, count(*)::int as n from audit_log where at > now() - interval '1 hour' group by action`)
      : [];
    expect(changed, JSON.stringify(audit)).toEqual([]);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  });

  it('names the position of a JSON syntax error', async () => {
    const res = await send('POST', '/api/events', { contentType: 'application/json', body: '{"category": "dispute",\n "description": x}' });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toMatchObject({ error: 'BadRequest', line: 2 });
    expect(body.message).toMatch(/not valid JSON at character \d+ \(line 2, column \d+\)/);
  });
});

describe('limits', () => {
  it('takes a bulk body up to the bulk limit, and refuses a larger one with 413 naming the limit', async () => {
    const features = (n: number) => JSON.stringify({ type: 'FeatureCollection', features: Array.from({ length: n }, (_, i) => ({ type: 'Feature', properties: { code: `LIM${i}`, pad: 'y'.repeat(900) }, geometry: { type: 'Point', coordinates: [120.08, 29.3] } })) });
    // 100 kB: over the small limit, under the bulk one: the import reads it (and refuses the Points as areas: 400).
    const fits = await send('POST', '/api/areas/import', { contentType: 'application/geo+json', body: features(100) });
    expect(fits.status).toBe(400);
    expect((await fits.json()).error).toBe('ValidationError');
    const tooBig = await send('POST', '/api/areas/import', { contentType: 'application/geo+json', body: features(400) });
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toMatchObject({ error: 'PayloadTooLarge', message: expect.stringMatching(/limit of 262144 bytes/) });
    // The same 100 kB at a small route is too large.
    const event = await send('POST', '/api/events', { contentType: 'application/json', body: features(100) });
    expect(event.status).toBe(413);
  });

  it('limits writes per address per minute (429 with RateLimit headers), and leaves reads alone', async () => {
    const app = createApp(t.db, { ...LIMITS, writeLimitPerMinute: 5, basemapUrl: undefined });
    const limited: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const url = `http://127.0.0.1:${(limited.address() as AddressInfo).port}`;
      const write = () => fetch(`${url}/api/events`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: '{}' });
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await write()).status);
      expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429]);
      const refused = await write();
      expect(refused.headers.get('ratelimit-policy')).toMatch(/q=5/);
      expect(await refused.json()).toMatchObject({ error: 'TooManyRequests', message: expect.stringMatching(/GRIDWORK_WRITE_LIMIT/) });
      const read = await fetch(`${url}/api/events?limit=1`, { headers: { authorization } });
      expect(read.status).toBe(200);
    } finally {
      await new Promise((r) => limited.close(r));
    }
  });
});
