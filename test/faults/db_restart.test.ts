/**
 * The PostGIS server restarts under the service: during an area import and during event intake.
 * An import the restart cuts mid-transaction leaves nothing behind; the service recovers on its own (GET /api/health back to 200,
 * requests succeed) within seconds; clients that retry with their idempotency keys (the event's
 * `id`) get every event stored exactly once; a stream client that drops and reconnects with
 * Last-Event-ID misses nothing.
 *
 * Needs DATABASE_URL (a server) and the right to restart its cluster (root, `pg_ctlcluster`;
 * GRIDWORK_PG_CLUSTER names it, "15 main" by default); falls back to terminating the test
 * database's backends when it cannot restart, and skips, saying why, on the embedded database.
 * It runs in the `faults` project, after every other test (vitest.config.ts), because a restart
 * cuts every connection to the cluster.
 */
import type { FeatureCollection, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';
import pg from 'pg';
import { faultMethod, followStream, postUntilAcknowledged, restartDatabase, until, waitFor } from './fault_helpers.ts';

const databaseUrl = process.env.DATABASE_URL || undefined;
const fault = await faultMethod(databaseUrl);
if (!fault.method) console.warn(`skipping database restart tests: ${fault.reason}`);
else console.log(`database restart tests: ${fault.reason}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A town of n × n unit squares of its own, far from the demo town: big enough that importing it takes a while. */
function createBigTown(prefix: string, n: number): FeatureCollection<Polygon> {
  const d = 0.001;
  const sq = (x: number, y: number, w: number): Polygon => ({ type: 'Polygon', coordinates: [[[x, y], [x + w, y], [x + w, y + w], [x, y + w], [x, y]]] });
  const features: FeatureCollection<Polygon>['features'] = [{ type: 'Feature', properties: { code: prefix, name: `${prefix} town`, level: 'town', parent_code: null }, geometry: sq(121, 31, n * d) }];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      features.push({ type: 'Feature', properties: { code: `${prefix}-${i}-${j}`, name: `unit ${i} ${j}`, level: 'unit', parent_code: prefix }, geometry: sq(121 + i * d, 31 + j * d, d) });
    }
  }
  return { type: 'FeatureCollection', features };
}

describe.skipIf(!fault.method)(`the PostGIS server restarts under load (${fault.reason})`, () => {
  let t: TestDb;
  let api: TestServer;
  let auth: Record<string, string>;
  let spots: { lon: number; lat: number }[];

  beforeAll(async () => {
    t = await createTestDb('demo');
    api = await startTestServer(t.db);
    auth = { authorization: `Bearer ${api.token}` };
    spots = await t.db.query(
      `select st_x(p) as lon, st_y(p) as lat from area g, st_pointonsurface(g.geom) as p where g.level = 'grid' and g.kind = 'base' order by g.code limit 40`,
    );
  });
  afterAll(async () => {
    await api?.close();
    await t?.drop();
  });

  const restart = () => restartDatabase(fault.method!, t.location.databaseUrl!);
  const countTown = async (prefix: string) =>
    (await t.db.query<{ n: number }>(`select count(*)::int as n from area where code = $1::text or code like $2::text`, [prefix, `${prefix}-%`]))[0].n;

  it('an import cut by a restart mid-transaction leaves nothing behind (503), the service comes back on its own, and the retry is whole', async () => {
    const town = createBigTown('FLT', 45); // 1 + 2,025 areas
    // Hold the import mid-transaction: a share lock on the audit log (taken first, on a
    // connection of the test's own) lets it write its areas but not the audit row that comes
    // last, so the restart below cuts an open transaction with its areas written, every time,
    // whatever the machine's speed.
    const holder = new pg.Client({ connectionString: t.location.databaseUrl });
    holder.on('error', () => undefined); // the restart ends this connection too
    await holder.connect();
    await holder.query('begin; lock table audit_log in share mode');
    let answered = false;
    const importing = api.post('/api/areas/import', town).then(
      async (r) => ((answered = true), { status: r.status, body: await r.text() }),
      (err) => ((answered = true), { status: 0, body: String(err) }),
    );
    await until(
      async () => (await t.db.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      ))[0].n > 0,
      'the import waiting to write its audit row, its areas written inside its transaction',
    );
    expect(answered).toBe(false);
    const down = Date.now();
    await restart();
    const outcome = await importing;
    const recoveredMs = await waitFor(`${api.url}/api/health`, auth, (s) => s === 200);
    console.log(`import during a restart: ${outcome.status}; /api/health ok again ${Date.now() - down} ms after the restart began (${recoveredMs} ms after it returned)`);
    expect(recoveredMs).toBeLessThan(15_000);
    await holder.end().catch(() => undefined);
    // Cut mid-transaction: refused with 503 (retry), and nothing of it left behind.
    expect(outcome.status, outcome.body.slice(0, 300)).toBe(503);
    expect(await countTown('FLT')).toBe(0);
    // Retried, it is whole.
    const retry = await api.post('/api/areas/import?mode=upsert', town);
    expect(retry.status, await retry.text()).toBeLessThan(300);
    expect(await countTown('FLT')).toBe(town.features.length);
  }, 120_000);

  // Terminating backends leaves no window in which the server is down: only a real stop shows it.
  it.skipIf(fault.method !== 'restart')('reports /api/health as 503 while the database is gone, then 200 again', async () => {
    const stopped = await import('node:child_process').then(({ execFileSync }) => {
      const [version, name] = (process.env.GRIDWORK_PG_CLUSTER ?? '15 main').split(' ');
      execFileSync('pg_ctlcluster', [version, name, 'stop', '-m', 'fast']);
      return () => execFileSync('pg_ctlcluster', [version, name, 'start']);
    });
    try {
      const res = await fetch(`${api.url}/api/health`, { headers: auth });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ ok: false, error: expect.stringMatching(/database/) });
      // A request while it is down waits (up to GRIDWORK_DB_CONNECT_WAIT_MS) and then succeeds once it is back.
      const pending = fetch(`${api.url}/api/events?limit=1`, { headers: auth });
      await sleep(500);
      stopped();
      expect((await pending).status).toBe(200);
    } catch (err) {
      stopped();
      throw err;
    }
    expect(await waitFor(`${api.url}/api/health`, auth, (s) => s === 200)).toBeLessThan(15_000);
  }, 60_000);

  it('stores every event a retrying client sent exactly once through a restart, and a dropping stream client misses none', async () => {
    const [{ seq }] = await t.db.query<{ seq: number }>('select coalesce(max(seq), 0)::int as seq from event_log');
    const stream = followStream(api.url, auth, seq);
    const N = 400;
    const ids = Array.from({ length: N }, (_, i) => `fault-restart-${i}`);
    let acked = 0;
    let next = 0;
    const attempts: number[] = [];
    const clients = Array.from({ length: 8 }, async () => {
      while (next < N) {
        const i = next++;
        const spot = spots[i % spots.length];
        const r = await postUntilAcknowledged(`${api.url}/api/events`, auth, {
          id: ids[i], category: 'public_facility', description: `fault test ${i}`, location: { lon: spot.lon + (i % 7) * 1e-6, lat: spot.lat }, source: 'sensor',
        });
        attempts.push(r.attempts);
        acked++;
      }
    });
    // Restart twice while the clients post, and cut the stream client off in between.
    const faults = (async () => {
      await until(() => acked >= 100, '100 events acknowledged', 60_000);
      await restart();
      stream.drop();
      await until(() => acked >= 250, '250 events acknowledged', 60_000);
      await restart();
    })();
    await Promise.all([...clients, faults]);
    expect(await waitFor(`${api.url}/api/health`, auth, (s) => s === 200)).toBeLessThan(15_000);

    const stored = await t.db.query<{ id: string; events: number; reports: number }>(
      `select e.id, count(distinct e.id)::int as events, count(l.seq)::int as reports
         from event e left join event_log l on l.region = e.region and l.event_id = e.id and l.action = 'report'
        where e.id = any($1::text[]) group by e.id`,
      [ids],
    );
    expect(stored.length).toBe(N); // none lost
    expect(stored.filter((r) => r.events !== 1 || r.reports !== 1)).toEqual([]); // none duplicated
    const retried = attempts.filter((a) => a > 1).length;
    console.log(`intake through two restarts: ${N} events acknowledged, ${retried} needed a retry (at most ${Math.max(...attempts)} attempts)`);

    // The stream client, which also dropped once, has every event.
    const deadline = Date.now() + 20_000;
    while (ids.some((id) => !stream.created.has(id)) && Date.now() < deadline) await sleep(100);
    stream.close();
    const missed = ids.filter((id) => !stream.created.has(id));
    console.log(`stream client: ${stream.created.size} events, ${stream.deliveries - stream.created.size} delivered twice, ${stream.reconnects} reconnects`);
    expect(missed).toEqual([]);
    expect(stream.reconnects).toBeGreaterThanOrEqual(1);
  }, 180_000);
});
