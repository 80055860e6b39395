/**
 * npm run bench -- load [--seconds 30] [--concurrency 16] [--seed load-1] [--skip-baseline]
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
 * Prints requests/s, p50/p99 per kind, errors (anything but 2xx, or no answer) and the server's
 * CPU per request. The baseline, in the same run and for the same time, is the read-only mix
 * (the same reads without the writes), so the table shows what the writes cost the reads. Each
 * mix runs on a fresh server after the same 3 s read warm-up; any non-2xx fails the run.
 * The load generator runs on the same cores as the server: figures are lower bounds.
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
const [town] = await db.query<{ w: number; s: number; e: number; n: number }>(
  `select st_xmin(geom) as w, st_ymin(geom) as s, st_xmax(geom) as e, st_ymax(geom) as n from area where depth = 0 order by code limit 1`,
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

async function runMix(server: BenchServer, mix: [Kind, number][], label: string, seconds: number): Promise<{ rows: string[]; errors: number }> {
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
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() < deadline) await one(pick());
  }));
  const elapsed = (performance.now() - t0) / 1000;
  const all = [...tally.values()];
  const count = all.reduce((n, t) => n + t.latency.length, 0);
  const cpu = (cpuMs(server.child.pid!) - cpu0) / count;
  const rows = [...tally].map(([k, t]) =>
    `| ${label} | ${k} | ${t.latency.length} | ${(t.latency.length / elapsed).toFixed(0)} | ${pct(t.latency, 50)} / ${pct(t.latency, 99)} ms | ${t.errors} |`);
  rows.push(`| ${label} | **all** | ${count} | **${(count / elapsed).toFixed(0)}** | ${pct(all.flatMap((t) => t.latency), 50)} / ${pct(all.flatMap((t) => t.latency), 99)} ms | ${all.reduce((n, t) => n + t.errors, 0)} (server CPU ${cpu.toFixed(2)} ms/request) |`);
  for (const [k, t] of tally) if (t.firstError) log(`${label} ${k}: first error ${t.firstError}`);
  return { rows, errors: all.reduce((n, t) => n + t.errors, 0) };
}

// Each run gets a server of its own, started afresh and warmed up the same way (3 s of reads:
// the locate index, the tile caches), so that the mixed run does not inherit the tile cache the
// read-only run has warmed for its whole length.
let errors = 0;
async function measure(mix: [Kind, number][], label: string): Promise<string[]> {
  const server = await startBenchServer(scratch, {});
  try {
    log(`${label}: a fresh server at ${server.url}; warming up (indexes, tile cache) for 3 s`);
    errors += (await runMix(server, READS, 'warm-up', 3)).errors;
    log(`${label}: ${SECONDS} s, ${CONCURRENCY} in flight`);
    const run = await runMix(server, mix, label, SECONDS);
    errors += run.errors;
    return run.rows;
  } finally {
    await server.stop();
  }
}

try {
  const rows: string[] = [];
  if (!opt['skip-baseline']) rows.push(...(await measure(READS, 'baseline: reads only')));
  rows.push(...(await measure(MIXED, 'mixed read/write')));
  console.log('');
  console.log(`## Mixed load, ${SECONDS} s, ${CONCURRENCY} in flight, each mix on a fresh server after the same 3 s warm-up (${process.env.DATABASE_URL ? 'PostGIS server' : 'embedded PGlite'}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  console.log('| mix | kind | requests | requests/s | p50 / p99 | errors |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log('');
  // Every timed response is checked: a run with any non-2xx (or no answer) fails.
  if (errors > 0) {
    console.error(`[bench load] ${errors} requests failed (see the first error of each kind above): the run fails`);
    process.exitCode = 1;
  }
} finally {
  await scratch.drop();
}
