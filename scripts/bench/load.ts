/**
 * npm run bench -- load [--seconds 30] [--concurrency 16] [--seed load-1] [--skip-baseline] [--read-only-baseline]
 *
 * A mixed read/write load against a Gridwork server (a child process over a fresh database with
 * the demo town: a scratch database on the PostGIS server when DATABASE_URL is set, else an
 * embedded one) for a fixed time, `--concurrency` requests in flight, as an administrator:
 *
 *   locate 30%   GET /api/locate?lon&lat at a random household
 *   tiles 25%    GET /tiles/{grids|units|households}/{z}/{x}/{y}.mvt over the town, z13–16
 *   areas 15%    GET /api/areas/:code of a random community, grid or unit
 *   report 20%   POST /api/events at a random household's point (a new id each)
 *   transition 10%  POST /api/events/:id/transitions, walking the bench's own events through
 *                accept → dispatch → start → resolve → verify → close
 *
 * Then the same mixed load again with heavy work beside it (issue #14): a coverage check of the
 * town and a town rebalance proposal, each started again as soon as it ends, as the same
 * administrator (two heavy requests at once: GRIDWORK_HEAVY_PER_USER's default). Throughout both,
 * GET /api/health is polled every 50 ms.
 *
 * Prints requests/s, p50/p99 per kind, /api/health's p99 and max, the heavy requests' durations,
 * errors (anything but 2xx, or no answer: any error fails the run with exit code 1) and the
 * server's CPU per request. The baseline, in the same run and for the same time, is the mixed
 * load without the heavy work (--read-only-baseline adds the read-only mix too). Each mix runs on
 * a fresh server after the same 3 s read warm-up. The server's read
 * rate limits are turned off (GRIDWORK_READ_LIMIT_USER / _ADDRESS = 0): 16 clients in a loop as
 * one user are far above them by design. The load generator runs on the same cores as the
 * server: figures are lower bounds.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import seedrandom from 'seedrandom';
import { cpuMs, createScratch, pct, startBenchServer, type BenchServer } from './_bench_server.ts';

const { values: opt } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '16' },
    seed: { type: 'string', default: 'load-1' },
    'skip-baseline': { type: 'boolean', default: false },
    'read-only-baseline': { type: 'boolean', default: false },
  },
});
const SECONDS = Number(opt.seconds);
const CONCURRENCY = Number(opt.concurrency);
const log = (m: string) => console.log(`[bench load] ${m}`);

type Kind = 'locate' | 'tiles' | 'areas' | 'report' | 'transition';
const MIXED: [Kind, number][] = [['locate', 30], ['tiles', 25], ['areas', 15], ['report', 20], ['transition', 10]];
const READS: [Kind, number][] = [['locate', 30], ['tiles', 25], ['areas', 15]];
const STEPS = [{ action: 'accept' }, { action: 'dispatch', assignee: 'bench team' }, { action: 'start' }, { action: 'resolve' }, { action: 'verify' }, { action: 'close' }];

const scratch = await createScratch('load', log);
const db = await scratch.open();
const points = await db.query<{ lon: number; lat: number }>(
  `select st_x(geom) as lon, st_y(geom) as lat from household where assignment = 'assigned' order by md5(id) limit 5000`,
);
const codes = (await db.query<{ code: string }>(`select code from area where level in ('community', 'grid', 'unit') order by md5(code) limit 2000`)).map((r) => r.code);
const [town] = await db.query<{ code: string; w: number; s: number; e: number; n: number }>(
  `select code, st_xmin(geom) as w, st_ymin(geom) as s, st_xmax(geom) as e, st_ymax(geom) as n from area where depth = 0 order by code limit 1`,
);
await db.close();

/** Tiles over the town at z, as [z, x, y]. */
function tilesAt(z: number): [number, number, number][] {
  const n = 2 ** z;
  const tx = (lon: number) => Math.floor(((lon + 180) / 360) * n);
  const ty = (lat: number) => Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
  const out: [number, number, number][] = [];
  for (let x = tx(town.w); x <= tx(town.e); x++) for (let y = ty(town.n); y <= ty(town.s); y++) out.push([z, x, y]);
  return out;
}
const tiles = [13, 14, 15, 16].flatMap(tilesAt);
const TILE_LAYERS = ['grids', 'units', 'households'];

interface Tally {
  latency: number[];
  errors: number;
  firstError?: string;
}

/** Polls GET /api/health every 50 ms until `deadline`: latencies, and the answers that were not 200. */
async function pollHealth(server: BenchServer, deadline: number, t: Tally): Promise<void> {
  while (performance.now() < deadline) {
    const start = performance.now();
    try {
      const res = await fetch(server.url + '/api/health', { signal: AbortSignal.timeout(30_000) });
      const body = await res.text();
      t.latency.push(performance.now() - start);
      if (!res.ok) {
        t.errors++;
        t.firstError ??= `${res.status} /api/health: ${body.slice(0, 160)}`;
      }
    } catch (err) {
      t.latency.push(performance.now() - start);
      t.errors++;
      t.firstError ??= `/api/health: ${(err as Error).message}`;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs `path` (a coverage check, a rebalance) again and again until `deadline`; each run's time and status. */
async function repeatHeavy(server: BenchServer, deadline: number, t: Tally, url: string, init: RequestInit = {}): Promise<void> {
  while (performance.now() < deadline) {
    const start = performance.now();
    try {
      const res = await fetch(server.url + url, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: server.authorization }, signal: AbortSignal.timeout(300_000) });
      const body = await res.text();
      t.latency.push(performance.now() - start);
      if (!res.ok) {
        t.errors++;
        t.firstError ??= `${res.status} ${url}: ${body.slice(0, 160)}`;
      }
    } catch (err) {
      t.latency.push(performance.now() - start);
      t.errors++;
      t.firstError ??= `${url}: ${(err as Error).message}`;
    }
  }
}

let failed = 0;

async function runMix(server: BenchServer, mix: [Kind, number][], label: string, seconds: number, heavy = false): Promise<string[]> {
  const rng = seedrandom(`${opt.seed}:${label}`);
  const total = mix.reduce((s, [, w]) => s + w, 0);
  const pick = (): Kind => {
    let r = rng() * total;
    for (const [k, w] of mix) if ((r -= w) < 0) return k;
    return mix[0][0];
  };
  const tally = new Map<Kind, Tally>(mix.map(([k]) => [k, { latency: [], errors: 0 }]));
  const walking: { id: string; step: number }[] = [];
  let reported = 0;
  const headers = { authorization: server.authorization };
  const json = { ...headers, 'content-type': 'application/json' };

  async function one(kind: Kind): Promise<void> {
    let url: string;
    let init: RequestInit = { headers };
    let after: ((res: Response) => void) | undefined;
    if (kind === 'transition' && walking.length === 0) kind = 'report'; // nothing to move yet
    if (kind === 'locate') {
      const p = points[Math.floor(rng() * points.length)];
      url = `/api/locate?lon=${p.lon}&lat=${p.lat}`;
    } else if (kind === 'tiles') {
      const [z, x, y] = tiles[Math.floor(rng() * tiles.length)];
      url = `/tiles/${TILE_LAYERS[Math.floor(rng() * TILE_LAYERS.length)]}/${z}/${x}/${y}.mvt`;
    } else if (kind === 'areas') {
      url = `/api/areas/${encodeURIComponent(codes[Math.floor(rng() * codes.length)])}`;
    } else if (kind === 'report') {
      const p = points[Math.floor(rng() * points.length)];
      const id = `load-${label.replace(/[^A-Za-z0-9]+/g, '-')}-${process.pid}-${reported++}`;
      url = '/api/events';
      init = { method: 'POST', headers: json, body: JSON.stringify({ id, category: ['dispute', 'environment', 'public_order', 'public_facility'][reported % 4], description: 'load bench', location: p, source: 'patrol' }) };
      after = (res) => {
        if (res.ok) walking.push({ id, step: 0 });
      };
    } else {
      const e = walking.splice(Math.floor(rng() * walking.length), 1)[0];
      url = `/api/events/${encodeURIComponent(e.id)}/transitions`;
      init = { method: 'POST', headers: json, body: JSON.stringify({ ...STEPS[e.step], by: 'bench', note: 'load bench' }) };
      after = (res) => {
        if (res.ok && e.step + 1 < STEPS.length) walking.push({ id: e.id, step: e.step + 1 });
      };
    }
    const t = tally.get(kind)!;
    const start = performance.now();
    try {
      const res = await fetch(server.url + url, { ...init, signal: AbortSignal.timeout(30_000) });
      const body = await res.arrayBuffer();
      t.latency.push(performance.now() - start);
      if (!res.ok) {
        t.errors++;
        t.firstError ??= `${res.status} ${url}: ${Buffer.from(body).toString('utf8').slice(0, 160)}`;
      }
      after?.(res);
    } catch (err) {
      t.latency.push(performance.now() - start);
      t.errors++;
      t.firstError ??= `${url}: ${(err as Error).message}`;
    }
  }

  const cpu0 = cpuMs(server.child.pid!);
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  const health: Tally = { latency: [], errors: 0 };
  const coverage: Tally = { latency: [], errors: 0 };
  const rebalance: Tally = { latency: [], errors: 0 };
  const beside = [pollHealth(server, deadline, health)];
  if (heavy) {
    beside.push(repeatHeavy(server, deadline, coverage, `/api/coverage?root=${encodeURIComponent(town.code)}`));
    beside.push(repeatHeavy(server, deadline, rebalance, '/api/sizing/proposals', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ root: town.code, kind: 'rebalance', seed: 'bench' }),
    }));
  }
  await Promise.all([
    ...Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) await one(pick());
    }),
    ...beside.slice(0, 1),
  ]);
  const elapsed = (performance.now() - t0) / 1000;
  // The light requests' window is over; the heavy ones finish the run they are in (counted apart).
  await Promise.all(beside);
  const all = [...tally.values()];
  const count = all.reduce((n, t) => n + t.latency.length, 0);
  const cpu = (cpuMs(server.child.pid!) - cpu0) / count;
  const rows = [...tally].map(([k, t]) =>
    `| ${label} | ${k} | ${t.latency.length} | ${(t.latency.length / elapsed).toFixed(0)} | ${pct(t.latency, 50)} / ${pct(t.latency, 99)} ms | ${t.errors} |`);
  rows.push(`| ${label} | **all** | ${count} | **${(count / elapsed).toFixed(0)}** | ${pct(all.flatMap((t) => t.latency), 50)} / ${pct(all.flatMap((t) => t.latency), 99)} ms | ${all.reduce((n, t) => n + t.errors, 0)} (server CPU ${cpu.toFixed(2)} ms/request) |`);
  const max = (xs: number[]) => (xs.length ? Math.max(...xs).toFixed(1) : '–');
  rows.push(`| ${label} | /api/health every 50 ms | ${health.latency.length} | – | p99 ${pct(health.latency, 99)} / **max ${max(health.latency)}** ms | ${health.errors} |`);
  if (heavy) {
    rows.push(`| ${label} | coverage check of ${town.code} (beside) | ${coverage.latency.length} | – | each ${coverage.latency.map((x) => (x / 1000).toFixed(1)).join(', ')} s | ${coverage.errors} |`);
    rows.push(`| ${label} | town rebalance (beside) | ${rebalance.latency.length} | – | each ${rebalance.latency.map((x) => (x / 1000).toFixed(1)).join(', ')} s | ${rebalance.errors} |`);
  }
  for (const [k, t] of [...tally, ['health', health], ['coverage', coverage], ['rebalance', rebalance]] as [string, Tally][]) {
    if (t.firstError) log(`${label} ${k}: first error ${t.firstError}`);
    if (label !== 'warm-up') failed += t.errors;
  }
  return rows;
}

// Each mix gets a server of its own, started afresh and warmed up the same way (3 s of reads: the
// locate index, the tile caches), so that no run inherits the caches an earlier run warmed for
// its whole length.
async function measure(mix: [Kind, number][], label: string, heavy = false): Promise<string[]> {
  const server = await startBenchServer(scratch, { GRIDWORK_READ_LIMIT_USER: '0', GRIDWORK_READ_LIMIT_ADDRESS: '0' });
  try {
    log(`${label}: a fresh server at ${server.url}; warming up (indexes, tile cache) for 3 s`);
    await runMix(server, READS, 'warm-up', 3);
    log(`${label}: ${SECONDS} s, ${CONCURRENCY} in flight`);
    return await runMix(server, mix, label, SECONDS, heavy);
  } finally {
    await server.stop();
  }
}

try {
  const rows: string[] = [];
  if (opt['read-only-baseline']) rows.push(...(await measure(READS, 'reads only')));
  if (!opt['skip-baseline']) rows.push(...(await measure(MIXED, 'baseline: mixed read/write')));
  rows.push(...(await measure(MIXED, 'mixed + coverage + rebalance', true)));
  console.log('');
  console.log(`## Mixed load, ${SECONDS} s, ${CONCURRENCY} in flight, each mix on a fresh server after the same 3 s warm-up (${process.env.DATABASE_URL ? 'PostGIS server' : 'embedded PGlite'}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  console.log('| mix | kind | requests | requests/s | p50 / p99 | errors |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log('');
  if (failed > 0) {
    console.error(`[bench load] ${failed} timed request(s) failed (non-2xx or no answer): the run fails.`);
    process.exitCode = 1;
  }
} finally {
  await scratch.drop();
}
