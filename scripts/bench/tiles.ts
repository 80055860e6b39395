/**
 * npm run bench -- tiles [--zooms 10-16] [--layers communities,grids,units,households,facilities] [--browser]
 *
 * Requests every tile covering the demo town at each zoom, per layer, through the HTTP server:
 * once cold (empty tile cache) and once warm (cached), and prints p50/p99 latency, tiles/s and the
 * largest tile. Beside it, the baseline the issue names: a plain ST_AsMVT query per request, no
 * cache (area layers as they are; household and facility points raw, without aggregation), and
 * the tiler's own rendering without HTTP or cache for a like-for-like comparison. On
 * PGlite ST_AsMVT is missing (its PostGIS has no protobuf), so the baseline cannot run there:
 * the output says so. With --browser, also loads the app in headless Chromium and prints how long
 * the first full view took (cold server cache, then warm; then `npm start`'s seeded server without
 * and with the demo's offline basemap, each in a fresh browser context, so a cold browser cache). Last, a million synthetic households:
 * the households layer's pre-binned pyramid beside the baseline of binning each tile's households
 * one by one, and what keeping tiles current costs (an import applied to the index; event
 * reports' tile drops). `--layers ,` runs that part alone.
 *
 * Database: a scratch database on the server DATABASE_URL names, or a fresh embedded one in a
 * temporary directory (openBenchDb), with the demo town (about 30 s to build on PGlite).
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { openBenchDb } from './open_bench_db.ts';
import { loadDemoTown } from '../../server/services/load_demo_town.ts';
import { createApp, webDist } from '../../server/app.ts';
import { ensureAdmin } from '../../server/services/auth/bootstrap_users.ts';
import { tilesCovering, type Bbox, type Tile } from '../../server/tiles/tile_math.ts';
import { AREA_LAYER_LEVELS, TILE_LAYERS } from '../../server/tiles/tile_layers.ts';
import { HouseholdIndex } from '../../server/tiles/household_index.ts';
import { AreaLabelIndex } from '../../server/tiles/area_label_index.ts';
import { HOUSEHOLD_BIN } from '../../server/tiles/household_tile.ts';
import { createTileService } from '../../server/tiles/tile_service.ts';
import { emitPointsChanged } from '../../server/services/point_changes.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const [zMin, zMax] = arg('zooms', '10-16').split('-').map(Number);
const layers = arg('layers', 'communities,grids,units,households,facilities').split(',').filter(Boolean);
const withBrowser = args.includes('--browser');

const { db, where, cleanup } = await openBenchDb('tiles');
console.log(`database: ${where}`);
{
  const t0 = performance.now();
  await loadDemoTown(db);
  console.log(`loaded the demo town in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
const [ext] = await db.query<{ b: Bbox }>(`select array[st_xmin(e), st_ymin(e), st_xmax(e), st_ymax(e)] as b from (select st_extent(geom) as e from area) x`);
const [counts] = await db.query<{ areas: number; households: number; facilities: number }>(
  'select (select count(*) from area)::int as areas, (select count(*) from household)::int as households, (select count(*) from facility)::int as facilities',
);
console.log(`${counts.areas} areas, ${counts.households} households, ${counts.facilities} facilities; PostGIS ${db.capabilities.postgisVersion}, ST_AsMVT ${db.capabilities.asMvt ? 'available' : 'missing'}`);

const tiles: Tile[] = [];
for (let z = zMin; z <= zMax; z++) tiles.push(...tilesCovering(ext.b, z));
console.log(`${tiles.length} tiles per layer at zooms ${zMin}–${zMax}\n`);

const app = createApp(db, { bodyLimit: '1mb' });
const server = await new Promise<import('node:http').Server>((resolve) => {
  const s = app.listen(0, '127.0.0.1', () => resolve(s));
});
// The untimed passes leave the client's keep-alive socket idle for longer than Node's default 5 s:
// a socket the server closes just as the client reuses it fails with ECONNRESET.
server.keepAliveTimeout = 600_000;
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
// Every route is guarded: the requests go as an administrator (every tile, unfiltered).
const BENCH_ADMIN = { username: 'bench-tiles', password: 'bench-tiles-password' };
await ensureAdmin(db, BENCH_ADMIN.username, BENCH_ADMIN.password);
const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(BENCH_ADMIN) });
if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
const authorization = `Bearer ${((await login.json()) as { token: string }).token}`;

interface Pass {
  ms: number[];
  bytes: number[];
  wall: number;
}

async function pass(run: (t: Tile) => Promise<number>): Promise<Pass> {
  const ms: number[] = [];
  const bytes: number[] = [];
  const start = performance.now();
  for (const t of tiles) {
    const t0 = performance.now();
    bytes.push(await run(t));
    ms.push(performance.now() - t0);
  }
  return { ms, bytes, wall: performance.now() - start };
}

const httpTile = (layer: string) => async ({ z, x, y }: Tile) => {
  const res = await fetch(`${base}/tiles/${layer}/${z}/${x}/${y}.mvt`, { headers: { authorization } });
  if (!res.ok) throw new Error(`${layer}/${z}/${x}/${y}: ${res.status} ${await res.text()}`);
  return (await res.arrayBuffer()).byteLength;
};

// The tiler without HTTP or cache, for a like-for-like comparison with the baseline's bare query.
const context = { householdIndex: new HouseholdIndex(db), areaLabels: new AreaLabelIndex(db) };
await Promise.all([context.householdIndex.warm(), context.areaLabels.warm()]);
const renderOnly = (layer: string) => async (t: Tile) => (await TILE_LAYERS.get(layer)!.render(db, t, context)).byteLength;

/** The baseline: one plain ST_AsMVT query per request, no cache, no aggregation. */
const baselineTile = (layer: string) => async ({ z, x, y }: Tile) => {
  const level = AREA_LAYER_LEVELS.get(layer);
  const source = level
    ? `select code, name, kind, st_asmvtgeom(st_transform(geom, 3857), st_tileenvelope($1, $2, $3), 4096, 64, true) as geom
         from area where level = $4::text and geom && st_transform(st_tileenvelope($1, $2, $3), 4326)`
    : layer === 'households'
      ? `select people, st_asmvtgeom(st_transform(geom, 3857), st_tileenvelope($1, $2, $3), 4096, 64, true) as geom
           from household where geom && st_transform(st_tileenvelope($1, $2, $3), 4326) and $4::text is null`
      : `select id, name, category, st_asmvtgeom(st_transform(geom, 3857), st_tileenvelope($1, $2, $3), 4096, 64, true) as geom
           from facility where geom && st_transform(st_tileenvelope($1, $2, $3), 4326) and $4::text is null`;
  const [row] = await db.query<{ mvt: Uint8Array | null }>(`select st_asmvt(q, '${layer}', 4096, 'geom') as mvt from (${source}) q`, [z, x, y, level ?? null]);
  return row?.mvt?.byteLength ?? 0;
};

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const f = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const row = (label: string, p: Pass) =>
  `${label.padEnd(32)} ${f(pct(p.ms, 50)).padStart(8)} ${f(pct(p.ms, 99)).padStart(8)} ${f(Math.max(...p.ms)).padStart(8)} ${((tiles.length / p.wall) * 1000).toFixed(0).padStart(8)} ${(Math.max(...p.bytes) / 1024).toFixed(1).padStart(9)}`;

console.log(`${'layer / method'.padEnd(32)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'tiles/s'.padStart(8)} ${'max KB'.padStart(9)}`);
for (const layer of layers) {
  // Untimed: warms the database's buffers and each connection's PostGIS for every method alike,
  // so that "cold" below means an empty tile cache, not a cold database.
  await pass(db.capabilities.asMvt ? baselineTile(layer) : renderOnly(layer));
  const cold = await pass(httpTile(layer));
  const warm = await pass(httpTile(layer));
  console.log(row(`${layer}: tiler, cold`, cold));
  console.log(row(`${layer}: tiler, warm (cache)`, warm));
  console.log(row(`${layer}: tiler, render only`, await pass(renderOnly(layer))));
  if (db.capabilities.asMvt) console.log(row(`${layer}: plain ST_AsMVT`, await pass(baselineTile(layer))));
}
if (!db.capabilities.asMvt) console.log('\nbaseline: not possible here: this PostGIS (PGlite) has no ST_AsMVT (built without protobuf); run with DATABASE_URL for it.');
console.log('\ncold and warm go through HTTP (Express, localhost); "render only" and the baseline are the database work and encoding alone, no HTTP, no cache.');

await millionHouseholds();
if (withBrowser) await firstView();

server.close();
await cleanup();

async function firstView(): Promise<void> {
  const chromium = process.env.GRIDWORK_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    console.log(`\nfirst view: skipped, no Chromium at ${chromium}`);
    return;
  }
  if (!existsSync(path.join(webDist, 'index.html'))) {
    const { build } = await import('vite');
    await build({ configFile: path.resolve(import.meta.dirname, '../../vite.config.ts'), logLevel: 'warn' });
  }
  const { chromium: pw } = await import('playwright-core');
  const browser = await pw.launch({
    executablePath: chromium,
    args: ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run'],
  });
  // A fresh server without seeding (empty tile cache), then a second load against its now warm
  // cache; then a fresh server as `npm start` runs one, area tiles seeded at start (given 10 s).
  const listen = (app: ReturnType<typeof createApp>) =>
    new Promise<import('node:http').Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
  const fresh = await listen(createApp(db, { bodyLimit: '1mb' }));
  const seeded = await listen(createApp(db, { bodyLimit: '1mb', tileSeedMaxZoom: 13 }));
  // The same with the demo's offline basemap under the areas, as `npm start` serves it now.
  const { ensureDemoBasemap } = await import('../../server/services/ensure_demo_basemap.ts');
  const { file: basemapFile } = await ensureDemoBasemap(path.join(os.tmpdir(), 'gridwork-bench-basemap'));
  const withBasemap = await listen(createApp(db, { bodyLimit: '1mb', tileSeedMaxZoom: 13, basemapFile }));
  await new Promise((r) => setTimeout(r, 10_000));
  const urlOf = (server: import('node:http').Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  for (const [label, url] of [['cold server cache', urlOf(fresh)], ['warm server cache', urlOf(fresh)], ['fresh server, tiles seeded at start, no basemap', urlOf(seeded)], ['fresh server, tiles seeded at start, demo basemap', urlOf(withBasemap)]]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    // Signed in as the bench's administrator (the app sends a signed-out browser to sign-in).
    await context.request.post(`${url}api/auth/login`, { data: BENCH_ADMIN });
    const page = await context.newPage();
    const t0 = performance.now();
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    const inPage = await page.getAttribute('body', 'data-first-view-ms');
    console.log(`first full view (${label}): ${inPage} ms after navigation started (the page's clock), ${Math.round(performance.now() - t0)} ms until the bench saw it`);
    await context.close();
  }
  fresh.close();
  seeded.close();
  withBasemap.close();
  await browser.close();
}

/**
 * The issue's worst case: a z12 tile over a million households (8.6 MB and a second as raw points).
 * A seeded million points over the town's box, through the same in-memory index the households
 * layer uses (positions only, so no database is needed for this part): the pre-binned pyramid
 * (what the layer serves) beside the baseline, binning each tile's households one by one (what
 * it served before the pyramid), tile for tile. Then the cost of keeping it current: applying an
 * import of 1,000 moved households, and the drops for event reports arriving at 750 a second.
 */
async function millionHouseholds(): Promise<void> {
  const n = 1_000_000;
  let seed = 2026;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const [w, s, e, nn] = ext.b;
  // Denser towards the centre, as a town is.
  const point = () => {
    const r = Math.sqrt(rand()) * (rand() < 0.6 ? 0.3 : 1);
    const a = rand() * 2 * Math.PI;
    return { lon: (w + e) / 2 + (r * Math.cos(a) * (e - w)) / 2, lat: (s + nn) / 2 + (r * Math.sin(a) * (nn - s)) / 2 };
  };
  const rows = Array.from({ length: n }, (_, i) => ({ region: 'bench', id: `H${i}`, ...point(), people: 1 + Math.floor(rand() * 4), floating: 0 }));
  const fake = { query: async () => rows } as unknown as typeof db;
  const index = new HouseholdIndex(fake);
  const t0 = performance.now();
  await index.warm();
  console.log(
    `\n1,000,000 synthetic households (seeded, over the town's box): index with pyramid built in ${Math.round(performance.now() - t0)} ms`,
  );
  const households = TILE_LAYERS.get('households')!;
  const ctx = { householdIndex: index, areaLabels: context.areaLabels };
  console.log(`${'  zoom, method'.padEnd(38)} ${'tiles'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'max KB'.padStart(9)}`);
  for (const z of [10, 11, 12, 13, 14, 15, 16]) {
    const zTiles = tilesCovering(ext.b, z);
    const methods: [string, (t: Tile) => Promise<Uint8Array>][] = [
      [z <= 14 ? 'households layer (pyramid)' : 'households layer (points)', (t) => households.render(fake, t, ctx)],
      ...(z <= 14 ? ([['baseline: scan per tile', (t: Tile) => index.scanBinTile(t, HOUSEHOLD_BIN)]] as [string, (t: Tile) => Promise<Uint8Array>][]) : []),
    ];
    for (const [label, run] of methods) {
      for (const t of zTiles) await run(t); // untimed: the same warm start for both methods
      const ms: number[] = [];
      const bytes: number[] = [];
      for (const t of zTiles) {
        const t1 = performance.now();
        bytes.push((await run(t)).byteLength);
        ms.push(performance.now() - t1);
      }
      console.log(`${`  z${z}, ${label}`.padEnd(38)} ${String(zTiles.length).padStart(6)} ${f(pct(ms, 50)).padStart(8)} ${f(pct(ms, 99)).padStart(8)} ${f(Math.max(...ms)).padStart(8)} ${(Math.max(...bytes) / 1024).toFixed(1).padStart(9)}`);
    }
  }
  // An import that moves 1,000 of them: the index, pyramid and grid index updated in place.
  const moved = rows.slice(0, 1000).map((r) => ({ ...r, ...point() }));
  const t2 = performance.now();
  index.apply(moved);
  console.log(`  applying an import of 1,000 moved households to the index: ${f(performance.now() - t2)} ms (a full reload would read 1,000,000 rows again)`);

  // Event reports at 750 a second: each announces its point; the service drops the touched
  // event tiles once per flush (100 ms, or at the next tile request), here with every event
  // tile of the town cached at zooms 10–16.
  const service = createTileService(db);
  const eventTiles = [10, 11, 12, 13, 14, 15, 16].flatMap((z) => tilesCovering(ext.b, z));
  for (const t of eventTiles) service.cache.set('events', t, new Uint8Array(16));
  const reports = 7_500;
  const t3 = performance.now();
  let emitMs = 0;
  for (let k = 0; k < reports; k += 75) {
    const te = performance.now();
    for (let j = 0; j < 75; j++) emitPointsChanged(db, { layer: 'events', points: [{ id: `E${k + j}`, ...point() }] });
    emitMs += performance.now() - te;
    service.flush();
  }
  const total = performance.now() - t3;
  console.log(
    `  ${reports} event reports announced and their tiles dropped in batches of 75 (one 100 ms flush at 750/s), ${eventTiles.length} event tiles cached: ` +
      `${f((total / reports) * 1000)} µs a report (announcing alone ${f((emitMs / reports) * 1000)} µs), ${service.cache.size} tiles still cached`,
  );
  service.close();
}
