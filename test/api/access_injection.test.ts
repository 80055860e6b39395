import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';
import { buildOpenapi } from '../../server/openapi/build_openapi.ts';

/**
 * SQL injection and path tricks in every path and query parameter of every documented route
 * (read from the OpenAPI document), and in the area and id fields of the write bodies: each
 * answer is a 4xx or an ordinary answer, never a 500, and a caller held to community A never
 * receives a code of another community. Plans and published versions are the planner's routers
 * and are tried by their own tests.
 */

const COMMUNITY_A = '330782101001';
const GRID_A = '33078210100101';
// Any community or village but A, and everything under them (their codes start with theirs).
const OTHER_SCOPE = /330782101(00[2-9]|01[0-4]|20[1-9]|210)/;

const HUGE = 'x'.repeat(5000);
const TRICKS = [
  "x' or 1=1--",
  "'; drop table area; --",
  '1 union select password_hash from app_user',
  '330782101%',
  '_',
  '../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  'a\u0000b',
  '\\',
  '{"$ne":null}',
  '-1',
  '1e309',
  HUGE,
];

interface Op {
  key: string;
  method: string;
  path: string;
  params: { in: 'path' | 'query'; name: string }[];
}

const doc = buildOpenapi() as { paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>> };
const OPS: Op[] = Object.entries(doc.paths)
  .filter(([p]) => !p.startsWith('/api/plans') && !p.startsWith('/api/versions'))
  .flatMap(([p, item]) =>
    Object.entries(item).map(([method, op]) => ({
      key: `${method} ${p}`,
      method: method.toUpperCase(),
      path: p,
      params: (op.parameters ?? []).filter((x): x is Op['params'][number] => x.in === 'path' || x.in === 'query'),
    })),
  );

/** Valid values, so that each request differs from a good one in one parameter only. */
function goodValues(op: Op, eventId: string): Record<string, string> {
  const path: Record<string, string> = {
    code: op.path.startsWith('/open311') ? 'dispute' : GRID_A,
    id: op.path.startsWith('/api/events') || op.path.startsWith('/open311') ? eventId : op.path.startsWith('/ogc') ? 'grids' : '1',
    featureId: GRID_A,
    layer: 'grids',
    z: '12',
    x: '3414',
    y: '1698',
    username: 'nobody-here',
    problem_id: 'gap-none',
  };
  const query: Record<string, string> = {
    root: GRID_A,
    area: GRID_A,
    q: '3307',
    lon: '120.08',
    lat: '29.3',
  };
  const out: Record<string, string> = {};
  for (const p of op.params) {
    const v = p.in === 'path' ? path[p.name] : query[p.name];
    if (v !== undefined) out[p.name] = v;
  }
  return out;
}

function url(op: Op, values: Record<string, string | string[]>): string {
  let p = op.path;
  const search = new URLSearchParams();
  for (const param of op.params) {
    const v = values[param.name];
    if (v === undefined) continue;
    if (param.in === 'path') p = p.replace(`{${param.name}}`, encodeURIComponent(String(v)));
    else for (const one of Array.isArray(v) ? v : [v]) search.append(param.name, one);
  }
  const qs = search.toString();
  return qs ? `${p}?${qs}` : p;
}

describe('injection and path tricks in every parameter', () => {
  let t: TestDb;
  let api: TestServer;
  let eventId = '';
  let scoped = '';

  beforeAll(async () => {
    t = await createTestDb('demo');
    api = await startTestServer(t.db);
    const [spot] = await t.db.query<{ lon: number; lat: number }>(`select st_x(p) as lon, st_y(p) as lat from area, st_pointonsurface(geom) as p where code = $1::text`, [GRID_A]);
    const res = await api.post('/api/events', { category: 'dispute', description: 'injection', location: spot });
    eventId = (await res.json()).id;
    // A dispatcher reads households with names, events and areas: the widest reader held to a community.
    scoped = (await api.userWith('dispatcher', COMMUNITY_A)).authorization;
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await t?.drop();
  });

  /**
   * Every table of the schema as its row count and a checksum of its rows (the sum of each row's
   * text hash: order-free), so that "nothing written" is checked table by table, exactly.
   */
  async function snapshot(): Promise<Map<string, string>> {
    const tables = await t.db.query<{ name: string }>(`select tablename as name from pg_tables where schemaname = 'public' order by 1`);
    const out = new Map<string, string>();
    for (const { name } of tables) {
      const [r] = await t.db.query<{ n: number; h: string }>(`select count(*)::int as n, coalesce(sum(hashtext(x::text)::bigint), 0)::text as h from "${name.replace(/"/g, '""')}" as x`);
      out.set(name, `${r.n} rows, checksum ${r.h}`);
    }
    return out;
  }
  /** The tables whose rows differ between two snapshots, with before → after. */
  const changed = (before: Map<string, string>, after: Map<string, string>) =>
    [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k)).map((k) => `${k}: ${before.get(k)} → ${after.get(k)}`);

  async function send(method: string, path: string, authorization: string, body?: unknown) {
    const controller = new AbortController();
    const res = await fetch(api.url + path, {
      method,
      headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
    });
    let text = '';
    if (res.headers.get('content-type')?.startsWith('text/event-stream')) controller.abort();
    else text = Buffer.from(await res.arrayBuffer()).toString('latin1');
    return { status: res.status, text };
  }

  it.each(OPS.filter((op) => op.params.length > 0).map((op) => [op.key, op] as const))('%s', async (_key, op) => {
    const wrong: string[] = [];
    const before = await snapshot();
    const good = goodValues(op, eventId);
    const body = op.method === 'GET' ? undefined : {};
    for (const param of op.params) {
      const values: (string | string[])[] = [...TRICKS, ...(param.in === 'query' ? [['a', 'b'], [GRID_A, "x' or 1=1--"]] : [])];
      for (const v of values) {
        const path = url(op, { ...good, [param.name]: v });
        for (const [who, authorization] of [['admin', `Bearer ${api.token}`], ['dispatcher@A', scoped]] as const) {
          const r = await send(op.method, path, authorization, body);
          const label = `${who} ${param.name}=${JSON.stringify(v).slice(0, 40)}`;
          if (r.status >= 500) wrong.push(`${label}: ${r.status} ${r.text.slice(0, 120)}`);
          if (who !== 'admin' && OTHER_SCOPE.test(r.text)) wrong.push(`${label}: another community's code in the answer (${r.status})`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // Nothing written: every table holds exactly the rows it held before.
    expect(changed(before, await snapshot())).toEqual([]);
  });

  // The write bodies' area and id fields, where a scope check or a lookup reads them.
  const BODIES: [string, string, (v: string) => unknown][] = [
    ['POST', '/api/events', (v) => ({ id: v, category: v, description: 'x', location: { lon: 120.08, lat: 29.3 } })],
    ['POST', '/api/staff', (v) => ({ region: v, staff: [{ id: v, name: v, roles: [{ role: 'grid_worker', area: v }] }] })],
    ['POST', '/api/party-orgs', (v) => ({ region: v, orgs: [{ code: v, name: v, kind: 'branch', area: v }] })],
    ['POST', '/api/locate', (v) => ({ crs: v, points: [{ id: v, lon: 120.08, lat: 29.3 }] })],
    ['POST', '/api/coverage/fixes', (v) => ({ problem_id: v, type: 'merge_gap', params: { into: v } })],
    ['POST', '/api/coverage/fixes', (v) => ({ kind: 'gap', codes: [v, GRID_A], type: 'merge_gap' })],
    ['POST', '/api/coverage/exceptions', (v) => ({ problem_id: v, reason: v })],
    ['POST', '/api/sizing/proposals', (v) => ({ root: v, kind: 'split', grid: v })],
    ['POST', '/api/auth/login', (v) => ({ username: v, password: v })],
    ['POST', '/api/areas/import', (v) => ({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: v, name: v, level: 'grid', parent_code: v }, geometry: { type: 'Polygon', coordinates: [[[120, 29], [120.001, 29], [120.001, 29.001], [120, 29]]] } }] })],
  ];

  it.each(BODIES.map(([m, p, b], i) => [`${m} ${p} #${i}`, m, p, b] as const))('body fields of %s', async (_name, method, path, body) => {
    const wrong: string[] = [];
    const before = await snapshot();
    for (const v of TRICKS) {
      for (const [who, authorization] of [['admin', `Bearer ${api.token}`], ['dispatcher@A', scoped]] as const) {
        const r = await send(method, path, authorization, body(v));
        const label = `${who} ${JSON.stringify(v).slice(0, 40)}`;
        if (r.status >= 500) wrong.push(`${label}: ${r.status} ${r.text.slice(0, 120)}`);
        if (who !== 'admin' && OTHER_SCOPE.test(r.text)) wrong.push(`${label}: another community's code in the answer`);
      }
    }
    expect(wrong).toEqual([]);
    // Nothing written: every table holds exactly the rows it held before (no table dropped, no row added or changed).
    expect(changed(before, await snapshot())).toEqual([]);
  });
});
