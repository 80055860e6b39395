/**
 * npm run bench -- events [--events 5000] [--clients 100] [--concurrency 32] [--heat 200000] [--skip-ingest] [--skip-heat] [--skip-baseline] [--skip-statement] [--profile DIR]
 *
 * 0. Statement: the intake's write statement alone in this process, CPU per event, both ways
 *    (see benchStatement).
 * 1. Ingest: starts a Gridwork server (a child process) over a fresh database holding the demo
 *    town, opens `--clients` Server-Sent Events streams, then posts `--events` reports over HTTP as
 *    fast as `--concurrency` requests in flight allow. Prints events/s and the delivery latency to
 *    the stream clients (from the moment the POST was sent to the moment a client parsed the
 *    message), p50/p99 over every client × event. Twice: first the baseline (a server with
 *    GRIDWORK_EVENT_LOCATE=sql, which locates each report in SQL inside the insert), then the
 *    service's path (located in memory by the assignment engine, only the write in SQL).
 * 2. Heat: adds `--heat` events spread over the town and a year, and times heat bins for the whole
 *    town three ways: the in-memory index (the service's method), the same arithmetic in SQL, and a
 *    ST_SquareGrid / ST_HexagonGrid join (the usual PostGIS way).
 *
 * Embedded PGlite by default; with DATABASE_URL, a scratch database on that server (dropped after).
 * The load generator and the 100 stream parsers run on the same 2 cores as the server.
 */
import http from 'node:http';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { selectEventHeatSql } from '../../server/db/queries/select_event_heat_sql.ts';
import { heatCellMetres, mercatorX, mercatorY } from '../../server/domain/events/heat_bins.ts';
import { eventHeatIndex } from '../../server/services/event_heat_index.ts';
import { insertEvents } from '../../server/db/queries/insert_events.ts';
import { insertLocatedEvents } from '../../server/db/queries/insert_located_events.ts';
import { OPEN_STATUSES } from '../../server/domain/events/event_types.ts';
import { cpuMs, createScratch, pct, startBenchServer } from './_bench_server.ts';
import { locateEventCell } from '../../server/services/locate_event_cell.ts';

const { values: opt } = parseArgs({
  options: {
    events: { type: 'string', default: '5000' },
    clients: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '32' },
    heat: { type: 'string', default: '200000' },
    'skip-ingest': { type: 'boolean', default: false },
    'skip-heat': { type: 'boolean', default: false },
    'skip-statement': { type: 'boolean', default: false },
    'skip-baseline': { type: 'boolean', default: false },
    profile: { type: 'string' },
  },
});
const N = Number(opt.events);
const CLIENTS = Number(opt.clients);
const CONCURRENCY = Number(opt.concurrency);
const HEAT = Number(opt.heat);
const databaseUrl = process.env.DATABASE_URL || undefined;
const log = (m: string) => console.log(`[bench events] ${m}`);
// What a stream client looks for in a message: a new event, and its id.
const CREATED = '"type":"created"';
const EVENT_ID = '"event":{"id":"';
// Every timed response is checked: any report refused or failed, or any message not delivered, fails the run.
let failedRequests = 0;

// ---- a scratch database with the demo town
const scratch = await createScratch('events', log);
let db = await scratch.open();
const points = await db.query<{ lon: number; lat: number }>(
  `select st_x(geom) as lon, st_y(geom) as lat from household where assignment = 'assigned' order by md5(id) limit 5000`,
);
if (!opt['skip-statement']) await benchStatement();
await db.close();

try {
  if (!opt['skip-ingest']) {
    const rows: string[] = [];
    if (!opt['skip-baseline']) rows.push(await benchIngest('sql'));
    rows.push(await benchIngest('memory'));
    console.log('');
    console.log(`## Ingest over HTTP with ${CLIENTS} stream clients (${databaseUrl ? 'PostGIS server' : 'embedded PGlite'}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
    console.log(`| locate | events | failed | events/s | server CPU per event (events/s per core) | PostgreSQL CPU per event | bench CPU per event (posting, ${CLIENTS} parsers) | POST p50 / p99 | delivery p50 / p99 | not delivered |`);
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const r of rows) console.log(r);
    console.log('');
    if (failedRequests > 0) {
      console.error(`[bench events] ${failedRequests} reports failed or messages went undelivered (the "failed" and "not delivered" columns): the run fails`);
      process.exitCode = 1;
    }
  }
  if (!opt['skip-heat']) await benchHeat();
} finally {
  await scratch.drop();
}

async function benchIngest(locate: 'sql' | 'memory'): Promise<string> {
  // --profile DIR: the server writes a V8 CPU profile there on exit (open it in Chrome DevTools).
  const profile = opt.profile ? ['--cpu-prof', `--cpu-prof-dir=${opt.profile}`] : [];
  // Intake speed is measured here, not the write rate limit (off: 0).
  // Every stream client is the same user from the same address: the stream caps must admit them all.
  const server = await startBenchServer(scratch, { GRIDWORK_EVENT_LOCATE: locate, GRIDWORK_WRITE_LIMIT: '0', GRIDWORK_STREAMS_PER_USER: String(CLIENTS), GRIDWORK_STREAMS_PER_ADDRESS: String(CLIENTS) }, profile);
  log(`server ready at ${server.url} (pid ${server.child.pid})`);
  const { url: base, authorization } = server;
  try {
    // Warm-up, not timed: the first report builds the locate index (about a second for the demo
    // town) and the JIT warms; the figures are for the steady state.
    await Promise.all(Array.from({ length: 8 }, async (_, w) => {
      for (let i = w; i < 200; i += 8) {
        const p = points[(i * 13) % points.length];
        const res = await fetch(`${base}/api/events`, {
          method: 'POST', headers: { 'content-type': 'application/json', authorization },
          body: JSON.stringify({ id: `warm-${locate}-${process.pid}-${i}`, category: 'service_request', description: 'warm-up', location: { lon: p.lon, lat: p.lat }, source: 'sensor' }),
        });
        if (res.status !== 201) throw new Error(`warm-up report answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
        await res.arrayBuffer();
      }
    }));
    // ---- stream clients: parse just enough of each message to find the event and its type
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const received = new Array<number>(CLIENTS).fill(0);
    const streams: http.ClientRequest[] = [];
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => new Promise<void>((resolve, reject) => {
      const req = http.get(`${base}/api/events/stream`, { agent: false, headers: { authorization } }, (res) => {
        res.setEncoding('utf8');
        // The parser is part of the load on these two cores: it scans each chunk once with
        // indexOf (no regular expression, no re-slicing of the buffer per message).
        let rest = '';
        res.on('data', (chunk: string) => {
          const now = performance.now();
          const text = rest + chunk;
          let start = 0;
          for (let end: number; (end = text.indexOf('\n\n', start)) >= 0; start = end + 2) {
            const created = text.indexOf(CREATED, start);
            if (created < 0 || created > end) {
              const hello = text.indexOf(': connected', start);
              if (hello >= 0 && hello < end) resolve();
              continue;
            }
            const from = text.indexOf(EVENT_ID, created) + EVENT_ID.length;
            const t0 = sentAt.get(text.slice(from, text.indexOf('"', from)));
            if (t0 !== undefined) latencies.push(now - t0);
            received[c]++;
          }
          rest = text.slice(start);
        });
      });
      req.on('error', reject);
      streams.push(req);
    })));
    log(`${CLIENTS} stream clients connected; posting ${N} events, ${CONCURRENCY} in flight (locate in ${locate})`);

    // node:http with a keep-alive agent, not fetch: undici's fetch costs several times the CPU per
    // request, and the load generator shares the two cores with the server.
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const categories = ['dispute', 'safety_hazard', 'environment', 'public_facility', 'public_order', 'service_request'];
    const postLatency: number[] = [];
    let next = 0;
    let failures = 0;
    const t0 = performance.now();
    const cpu0 = cpuMs(server.child.pid!);
    const bench0 = process.cpuUsage();
    const database0 = await databaseCpuMs();
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) {
        const i = next++;
        const p = points[i % points.length];
        const id = `bench-${locate}-${process.pid}-${i}`;
        const body = JSON.stringify({
          id, category: categories[i % categories.length], severity: 'medium', description: `bench event ${i}`,
          location: { lon: p.lon + ((i * 7) % 11) * 1e-6, lat: p.lat }, source: 'sensor', reporter: 'bench',
        });
        const start = performance.now();
        sentAt.set(id, start);
        const status = await post(agent, `${base}/api/events`, authorization, body);
        postLatency.push(performance.now() - start);
        if (status !== 201) failures++;
      }
    }));
    const elapsed = (performance.now() - t0) / 1000;
    const cpuPerEvent = (cpuMs(server.child.pid!) - cpu0) / N;
    const benchCpu = process.cpuUsage(bench0);
    const benchPerEvent = (benchCpu.user + benchCpu.system) / 1000 / N;
    const databasePerEvent = databaseUrl ? ((await databaseCpuMs()) - database0) / N : null;
    // Wait for the streams to drain (bounded).
    const deadline = Date.now() + 30_000;
    while (received.some((r) => r < N - failures) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    for (const s of streams) s.destroy();
    agent.destroy();
    const missing = received.reduce((n, r) => n + Math.max(0, N - failures - r), 0);
    failedRequests += failures + missing;
    return `| ${locate === 'sql' ? 'baseline: in SQL, per report' : '**in memory (the service)**'} | ${N} | ${failures} | ${(N / elapsed).toFixed(0)} | ${cpuPerEvent.toFixed(2)} ms (${(1000 / cpuPerEvent).toFixed(0)}/s) | ${databasePerEvent === null ? 'in the server' : `${databasePerEvent.toFixed(2)} ms`} | ${benchPerEvent.toFixed(2)} ms | ${pct(postLatency, 50)} / ${pct(postLatency, 99)} ms | ${pct(latencies, 50)} / ${pct(latencies, 99)} ms (${latencies.length}) | ${missing} |`;
  } finally {
    await server.stop();
  }
}

/**
 * The write statement alone, in this process, without HTTP: CPU per event of the intake's
 * statement for a batch of 4, 32 and 128 reports, located in SQL inside the insert (the earlier
 * path, insert_events.ts) and located in memory first (insert_located_events.ts). CPU time, not
 * wall time, so that the figures hold on a shared machine; on a PostGIS server on this machine
 * the CPU of the database's backend processes is added (from /proc).
 */
async function benchStatement(): Promise<void> {
  const dup = { radiusM: 100, hours: 24, openStatuses: OPEN_STATUSES };
  let k = 0;
  const report = (tag: string) => {
    const p = points[k++ % points.length];
    return {
      id: `stmt-${tag}-${k}`, category: ['dispute', 'environment', 'public_order'][k % 3], severity: 'medium', description: 'statement bench', source: 'sensor',
      reporter: 'bench', photo_ref: null, address: null, lon: p.lon, lat: p.lat, status: 'reported', level: 'grid', due_at: null,
      reported_at: new Date().toISOString(), request_hash: 'bench', by: 'bench',
    };
  };
  await locateEventCell(db, points[0].lon, points[0].lat); // builds the index once, as the server does on its first report
  // On a server the statement's work is in PostgreSQL's backends, on this machine: count their CPU too (from /proc).
  const backends = async () =>
    databaseUrl ? (await db.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()')).reduce((ms, r) => ms + cpuMs(r.pid), 0) : 0;
  const cpu = async (events: number, run: () => Promise<unknown>) => {
    const b0 = await backends();
    const c0 = process.cpuUsage();
    await run();
    const c = process.cpuUsage(c0);
    const b = (await backends()) - b0;
    return ((c.user + c.system) / 1000 + b) / events;
  };
  const rows: string[] = [];
  for (const batch of [4, 32, 128]) {
    const rounds = Math.max(4, Math.floor(800 / batch));
    let sql = 0;
    let memory = 0;
    for (let r = 0; r < rounds; r++) {
      const a = Array.from({ length: batch }, () => report('sql'));
      sql += await cpu(batch, () => insertEvents(db, a, dup));
      const b = Array.from({ length: batch }, () => report('mem'));
      memory += await cpu(batch, async () => {
        const located = [];
        for (const e of b) located.push({ ...e, ...(await locateEventCell(db, e.lon, e.lat))! });
        return insertLocatedEvents(db, located, dup);
      });
    }
    rows.push(`| ${batch} | ${(sql / rounds).toFixed(2)} ms | **${(memory / rounds).toFixed(2)} ms** | ${(sql / memory).toFixed(1)}× |`);
  }
  console.log('');
  console.log(`## The intake statement alone, CPU per event (${databaseUrl ? 'PostGIS server: this process and the database backends' : 'embedded PGlite, in this process'})`);
  console.log('| batch | baseline: located in SQL (insert_events) | located in memory (insert_located_events) | ratio |');
  console.log('|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log('');
}

async function benchHeat(): Promise<void> {
  db = await scratch.open();
  const [town] = await db.query<{ path: string; w: number; s: number; e: number; n: number }>(
    `select path, st_xmin(geom) as w, st_ymin(geom) as s, st_xmax(geom) as e, st_ymax(geom) as n from area where code = '330782101'`,
  );
  log(`adding ${HEAT} events over the town and a year`);
  // Uniform points in the town's box, a year of times, every category, status and level: the
  // bins do not care whether a point is inside a grid, so the intake's locate is skipped here.
  await db.query(
    `insert into event (region, id, category, severity, description, source, geom, area_path, status, level, reported_at, updated_at, request_hash)
     select '330782101', 'heat-' || i, (array['dispute','safety_hazard','environment','public_facility','public_order','epidemic','missing_person','service_request'])[1 + i % 8],
            'medium', 'heat bench', 'sensor',
            st_setsrid(st_point($1::float8 + random() * ($3::float8 - $1::float8), $2::float8 + random() * ($4::float8 - $2::float8)), 4326),
            $5::text, (array['reported','accepted','dispatched','in_progress','closed'])[1 + i % 5], (array['grid','community','town'])[1 + i % 3],
            now() - random() * interval '365 days', now(), 'bench'
       from generate_series(1, $6::int) as i`,
    [town.w, town.s, town.e, town.n, town.path, HEAT],
  );
  await db.query('analyze event');
  const [{ count }] = await db.query<{ count: number }>('select count(*)::int as count from event');

  const t = performance.now();
  const index = await eventHeatIndex(db);
  const loadMs = performance.now() - t;
  const rows: string[] = [];
  const month = { from: Date.now() - 30 * 86_400_000, to: Date.now() + 1 };
  for (const zoom of [12, 14]) {
    const cellM = heatCellMetres(zoom, 32);
    const bbox = [mercatorX(town.w), mercatorY(town.s), mercatorX(town.e), mercatorY(town.n)] as [number, number, number, number];
    const mem = timeIt(20, () => index.bins({ cellM, bbox }));
    const memFiltered = timeIt(20, () => index.bins({ cellM, bbox, ...month, category: ['public_order'], status: ['reported', 'accepted'] }));
    const sql = await timeItAsync(5, () => selectEventHeatSql(db, { cellM, bbox }));
    const same = mem.result.bins.length === sql.result.length && mem.result.bins.every((b, i) => b.ix === sql.result[i].ix && b.iy === sql.result[i].iy && b.count === sql.result[i].count);
    const square = await timeItAsync(2, () => db.query(
      `select g.i, g.j, count(e.*)::int as count
         from st_squaregrid($1::float8, st_transform(st_makeenvelope($2, $3, $4, $5, 4326), 3857)) as g
         join event e on e.geom && st_transform(g.geom, 4326) and st_intersects(st_transform(g.geom, 4326), e.geom)
        group by g.i, g.j`, [cellM, town.w, town.s, town.e, town.n]));
    const hex = await timeItAsync(2, () => db.query(
      `select g.i, g.j, count(e.*)::int as count
         from st_hexagongrid($1::float8 / 2, st_transform(st_makeenvelope($2, $3, $4, $5, 4326), 3857)) as g
         join event e on e.geom && st_transform(g.geom, 4326) and st_intersects(st_transform(g.geom, 4326), e.geom)
        group by g.i, g.j`, [cellM, town.w, town.s, town.e, town.n]));
    rows.push(`| ${zoom} | ${cellM.toFixed(0)} m | ${mem.result.bins.length} | **${mem.ms.toFixed(1)} ms** | ${memFiltered.ms.toFixed(1)} ms | ${sql.ms.toFixed(0)} ms${same ? '' : ' (BINS DIFFER)'} | ${square.ms.toFixed(0)} ms | ${hex.ms.toFixed(0)} ms |`);
  }
  console.log(`## Heat bins over ${count} events, the whole town (${databaseUrl ? 'PostGIS server' : 'embedded PGlite'}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  console.log(`In-memory index: loaded once in ${loadMs.toFixed(0)} ms (then kept current by the event feed). Median of 20 runs (memory), 5 (SQL arithmetic), 2 (grid joins).`);
  console.log('| zoom | cell | bins | memory index | memory, filtered (month, category, status) | SQL arithmetic | ST_SquareGrid join | ST_HexagonGrid join |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  await db.close();
}

// ---- helpers

/** POSTs a JSON body through `agent` and resolves with the status once the answer is read. */
function post(agent: http.Agent, url: string, authorization: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function timeIt<T>(runs: number, fn: () => T): { ms: number; result: T } {
  const times: number[] = [];
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = fn();
    times.push(performance.now() - t);
  }
  return { ms: median(times), result };
}

async function timeItAsync<T>(runs: number, fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const times: number[] = [];
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = await fn();
    times.push(performance.now() - t);
  }
  return { ms: median(times), result };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** CPU time (ms) used so far by the server's PostgreSQL backends on the scratch database (same machine), from /proc. */
async function databaseCpuMs(): Promise<number> {
  const url = scratch.location.databaseUrl;
  if (!url) return 0;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1::text', [new URL(url).pathname.slice(1)]);
    return rows.reduce((ms, r) => ms + cpuMs(r.pid), 0);
  } finally {
    await client.end();
  }
}
