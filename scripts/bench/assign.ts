/**
 * npm run bench -- assign [--units 5000] [--grids 300] [--households 1000000] [--baseline 100000] [--turf 200000] [--locate 2000]
 *                        [--engine-only]
 *
 * A synthetic town (near 120.08°E 29.30°N, 9 × 9 km): `--grids` Voronoi grids under one square
 * town and `--units` Voronoi units, each under the grid holding its seed (two independent
 * tilings: the deepest-cell rule has three levels to pick from), and `--households` households
 * clustered in buildings of 25 (±4 m).
 * Prints, in one run:
 *   1. the engine (server/domain/assign): index build, points/s over all households, memory;
 *   2. a point-by-point Turf loop (booleanPointInPolygon over flatbush candidates) on `--turf` points;
 *   3. the plain PostGIS join (`SELECT … JOIN area ON ST_Intersects(…)`, compute only, no write) on
 *      `--baseline` households, cold then warm, beside the engine on the same points measured
 *      the same way (fewer than the engine's million: a million would take minutes in SQL);
 *   4. a full import of all households through the service (CSV parse, assign, store);
 *   5. locate: p50/p99 in the process, beside one SQL query a point; over HTTP signed in, the first
 *      GET (cold) apart from the rest (warm); every answer must be a 200 or the run fails.
 * Embedded PGlite by default; with DATABASE_URL, a scratch database on that server (dropped after).
 */
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { Delaunay } from 'd3-delaunay';
import Flatbush from 'flatbush';
import seedrandom from 'seedrandom';
import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, Polygon } from 'geojson';
import { createApp } from '../../server/app.ts';
import { buildCellIndex } from '../../server/domain/assign/build_cell_index.ts';
import { assignPointsToCells } from '../../server/domain/assign/assign_points_to_cells.ts';
import { locatePoint, newLocated } from '../../server/domain/assign/locate_point.ts';
import { localPlane } from '../../server/demo_town/local_plane.ts';
import { importAreas } from '../../server/services/import_areas.ts';
import { importPoints } from '../../server/services/import_points.ts';
import { cellChain, getCellIndex } from '../../server/services/cell_index.ts';
import { openBenchDb } from './open_bench_db.ts';
import { ensureAdmin } from '../../server/services/auth/bootstrap_users.ts';
import { login } from '../../server/services/auth/login.ts';

const { values: opt } = parseArgs({
  options: {
    units: { type: 'string', default: '5000' },
    grids: { type: 'string', default: '300' },
    households: { type: 'string', default: '1000000' },
    baseline: { type: 'string', default: '100000' },
    turf: { type: 'string', default: '200000' },
    locate: { type: 'string', default: '2000' },
    'engine-only': { type: 'boolean', default: false },
  },
});
const UNITS = Number(opt.units);
const GRIDS = Number(opt.grids);
const N = Number(opt.households);
const BASELINE = Math.min(N, Number(opt.baseline));
const TURF = Math.min(N, Number(opt.turf));
const LOCATE = Number(opt.locate);
const log = (m: string) => console.log(`[bench assign] ${m}`);
const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en')} points/s`;
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
/** CPU time of this process since `from`, in ms: on a shared machine, wall time says little. */
const cpuMs = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

// ---- the town
const rng = seedrandom('bench-assign');
const plane = localPlane(120.0853, 29.3042);
const HALF = 4500;
const voronoi = (n: number, prefix: string, level: string, parent: (x: number, y: number) => string) => {
  const seeds = Array.from({ length: n }, () => [(rng() * 2 - 1) * HALF, (rng() * 2 - 1) * HALF] as [number, number]);
  const delaunay = Delaunay.from(seeds);
  const v = delaunay.voronoi([-HALF, -HALF, HALF, HALF]);
  const features = seeds.map(([x, y], i): Feature<Polygon> => ({
    type: 'Feature',
    properties: { code: `${prefix}${String(i + 1).padStart(5, '0')}`, name: `${prefix}${i + 1}`, level, parent_code: parent(x, y) },
    geometry: { type: 'Polygon', coordinates: [(v.cellPolygon(i) as [number, number][]).map(([px, py]) => plane.toLonLat(px, py))] },
  }));
  return { features, find: (x: number, y: number) => features[delaunay.find(x, y)].properties!.code as string };
};
const square = [[-HALF, -HALF], [HALF, -HALF], [HALF, HALF], [-HALF, HALF], [-HALF, -HALF]].map(([x, y]) => plane.toLonLat(x, y));
const town: Feature<Polygon> = { type: 'Feature', properties: { code: 'B', name: '测试镇', level: 'town', parent_code: null }, geometry: { type: 'Polygon', coordinates: [square] } };
// Grids and units are two independent Voronoi tilings; a unit's parent is the grid holding its
// seed, so units spill a little across grid borders (the deepest-cell rule does not care).
const gridTiling = voronoi(GRIDS, 'BG', 'grid', () => 'B');
const grids = gridTiling.features;
const units = voronoi(UNITS, 'BU', 'unit', gridTiling.find).features;
const areas = [town, ...grids, ...units];
const cells = areas.map((f, i) => ({ id: i + 1, code: String(f.properties!.code), depth: f.properties!.level === 'town' ? 0 : f.properties!.level === 'grid' ? 1 : 2, geometry: f.geometry }));

const lons = new Float64Array(N);
const lats = new Float64Array(N);
{
  let b = [0, 0];
  for (let i = 0; i < N; i++) {
    if (i % 25 === 0) b = [(rng() * 2 - 1) * (HALF - 10), (rng() * 2 - 1) * (HALF - 10)];
    [lons[i], lats[i]] = plane.toLonLat(b[0] + rng() * 8 - 4, b[1] + rng() * 8 - 4);
  }
}
log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
log(`town: 1 town, ${GRIDS} grids, ${UNITS} units (${areas.length} polygons); ${N.toLocaleString('en')} households in ${Math.ceil(N / 25).toLocaleString('en')} buildings`);

// ---- 1. the engine
global.gc?.();
const mem0 = process.memoryUsage();
let t0 = performance.now();
const index = buildCellIndex(cells, { marginM: 5 });
const buildMs = performance.now() - t0;
const mem1 = process.memoryUsage();
log(`engine: index built in ${buildMs.toFixed(0)} ms (${index.cols}×${index.rows} raster, ${index.cand.length.toLocaleString('en')} candidates), +${mb(mem1.heapUsed + mem1.arrayBuffers - mem0.heapUsed - mem0.arrayBuffers)}`);
// Cold and warm on the baseline's points, compute only, as the PostGIS baseline below is measured:
// the first call in this process (cold: the JIT has not seen the code), then the same call again.
const engineOnBaseline: number[] = [];
for (const run of ['cold', 'warm']) {
  const cpu = process.cpuUsage();
  t0 = performance.now();
  assignPointsToCells(index, lons.subarray(0, BASELINE), lats.subarray(0, BASELINE));
  engineOnBaseline.push(performance.now() - t0);
  log(`engine, ${run}: ${BASELINE.toLocaleString('en')} points (the PostGIS baseline's), compute only, in ${engineOnBaseline.at(-1)!.toFixed(0)} ms = ${rate(BASELINE, engineOnBaseline.at(-1)!)} (${cpuMs(cpu).toFixed(0)} ms of CPU time)`);
}
for (const n of [N / 4, N / 2, N].map(Math.floor)) {
  global.gc?.();
  const before = process.memoryUsage();
  const cpu = process.cpuUsage();
  t0 = performance.now();
  const r = assignPointsToCells(index, lons.subarray(0, n), lats.subarray(0, n));
  const ms = performance.now() - t0;
  const cpuTime = cpuMs(cpu);
  const after = process.memoryUsage();
  const status = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) status[r.status[i]]++;
  log(`engine: ${n.toLocaleString('en')} points in ${ms.toFixed(0)} ms = ${rate(n, ms)} (1 thread; ${rate(n, cpuTime)} of CPU time); memory +${mb(after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers)}, rss ${mb(after.rss)}; assigned ${status[0]}, near_edge ${status[3]}, ambiguous ${status[2]}, orphan ${status[1]}`);
}

// ---- 2. the Turf loop
{
  const boxes = new Flatbush(cells.length);
  for (const c of cells) {
    const xs = c.geometry.coordinates[0].map((p) => p[0]);
    const ys = c.geometry.coordinates[0].map((p) => p[1]);
    boxes.add(Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys));
  }
  boxes.finish();
  const cpu = process.cpuUsage();
  t0 = performance.now();
  let found = 0;
  for (let i = 0; i < TURF; i++) {
    let best = -1;
    for (const k of boxes.search(lons[i], lats[i], lons[i], lats[i])) {
      if ((best < 0 || cells[k].depth > cells[best].depth) && booleanPointInPolygon([lons[i], lats[i]], cells[k].geometry)) best = k;
    }
    if (best >= 0) found++;
  }
  const ms = performance.now() - t0;
  log(`turf: ${TURF.toLocaleString('en')} points, booleanPointInPolygon over flatbush candidates, in ${ms.toFixed(0)} ms = ${rate(TURF, ms)} (${rate(TURF, cpuMs(cpu))} of CPU time; ${found} found)`);
}

if (opt['engine-only']) process.exit(0);

// ---- a scratch database
t0 = performance.now();
const { db, where, cleanup } = await openBenchDb('assign');
log(`database: ${where}, opened and migrated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
try {
  t0 = performance.now();
  await importAreas(db, { type: 'FeatureCollection', features: areas });
  log(`database: ${areas.length} areas imported in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // ---- 3. the plain PostGIS join, compute only (no write), as the engine above: cold, then warm
  await db.exec(`create table bench_point (id int primary key, geom geometry(Point, 4326) not null)`);
  await db.query(
    `insert into bench_point (id, geom) select i, st_setsrid(st_makepoint(x, y), 4326) from unnest($1::float8[], $2::float8[]) with ordinality as u(x, y, i)`,
    [Array.from(lons.subarray(0, BASELINE)), Array.from(lats.subarray(0, BASELINE))],
  );
  await db.exec(`create index on bench_point using gist (geom); analyze bench_point; analyze area`);
  for (const [i, run] of ['cold', 'warm'].entries()) {
    const cpu = process.cpuUsage();
    t0 = performance.now();
    const [u] = await db.query<{ n: number }>(
      `select count(*)::int as n from (select p.id, max(a.id) as cell from bench_point p join area a on a.level = 'unit' and st_intersects(a.geom, p.geom) group by p.id) t`,
    );
    const joinMs = performance.now() - t0;
    const cpuNote = db.driver === 'postgres' ? 'its CPU is the server\'s' : `${cpuMs(cpu).toFixed(0)} ms of CPU time (PGlite runs in this process)`;
    log(`postgis, ${run}: select … join area on st_intersects(…), ${BASELINE.toLocaleString('en')} points (${u.n} matched), compute only, in ${joinMs.toFixed(0)} ms = ${rate(BASELINE, joinMs)} (${cpuNote}); the engine ${run} on the same points: ${engineOnBaseline[i].toFixed(0)} ms`);
  }
  await db.exec(`drop table bench_point`);

  // ---- 4. the full import: CSV text → parse → assign → store, one transaction
  const lines = ['id,lon,lat,address,people,floating'];
  for (let i = 0; i < N; i++) lines.push(`H${i},${lons[i].toFixed(7)},${lats[i].toFixed(7)},测试路${i % 400}号,${1 + (i % 5)},${i % 9 === 0 ? 1 : 0}`);
  const csv = lines.join('\n');
  lines.length = 0;
  global.gc?.();
  const importCpu = process.cpuUsage();
  t0 = performance.now();
  let lastLog = 0;
  const result = await importPoints(db, 'household', { csv }, {
    region: 'B',
    onProgress: (done, total) => {
      if (performance.now() - lastLog > 5000) {
        lastLog = performance.now();
        log(`import: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} written`);
      }
    },
  });
  const importMs = performance.now() - t0;
  log(`import: ${result.written.toLocaleString('en')} households (CSV, ${mb(csv.length)}) parsed, assigned and stored in ${(importMs / 1000).toFixed(1)} s = ${rate(result.written, importMs)} (parse ${(result.ms.parse / 1000).toFixed(1)} s, assign ${(result.ms.assign / 1000).toFixed(1)} s, store ${(result.ms.store / 1000).toFixed(1)} s); this process's CPU ${(cpuMs(importCpu) / 1000).toFixed(1)} s${db.driver === 'postgres' ? ' (the server\'s work is in its own processes)' : ' (PGlite runs in this process)'}; rss ${mb(process.memoryUsage().rss)}; ${JSON.stringify(result.counts)}`);

  // ---- 5. locate
  const loaded = await getCellIndex(db);
  const out = newLocated();
  const inProcess: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const k = Math.floor(rng() * N);
    const s = performance.now();
    const r = locatePoint(loaded.index, lons[k], lats[k], out);
    if (r.cell >= 0) cellChain(loaded, r.cell);
    inProcess.push(performance.now() - s);
  }
  log(`locate in process (warm: the index loaded by the import): 20,000 points, p50 ${(pct(inProcess, 50) * 1000).toFixed(1)} µs, p99 ${(pct(inProcess, 99) * 1000).toFixed(1)} µs (point → cell → chain)`);
  // Baseline, in the same process and database: the deepest cell holding each point, in SQL, one query a point (warm: after 50 untimed).
  const inSql: number[] = [];
  for (let i = 0; i < 1050; i++) {
    const k = Math.floor(rng() * N);
    const s = performance.now();
    await db.query(`select id from area where st_intersects(geom, st_setsrid(st_makepoint($1::float8, $2::float8), 4326)) order by depth desc, code limit 1`, [lons[k], lats[k]]);
    if (i >= 50) inSql.push(performance.now() - s);
  }
  log(`baseline: locate in SQL (deepest cell by st_intersects, one query a point, warm), 1,000 points, p50 ${pct(inSql, 50).toFixed(2)} ms, p99 ${pct(inSql, 99).toFixed(2)} ms`);

  await ensureAdmin(db, 'bench-admin', `bench-${process.pid}-password`);
  const { token } = await login(db, 'bench-admin', `bench-${process.pid}-password`);
  const app = createApp(db, { bodyLimit: '50mb', basemapUrl: undefined } as never);
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const s = app.listen(18000 + Math.floor(Math.random() * 900), '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const overHttp: number[] = [];
  for (let i = 0; i <= LOCATE; i++) {
    const k = Math.floor(rng() * N);
    const s = performance.now();
    const res = await fetch(`${url}/api/locate?lon=${lons[k]}&lat=${lats[k]}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { assignment?: string };
    // Every timed response is checked: a refusal (401, 403) or an error fails the run.
    if (res.status !== 200 || !body.assignment) throw new Error(`GET /api/locate answered ${res.status}: ${JSON.stringify(body).slice(0, 200)}`);
    overHttp.push(performance.now() - s);
  }
  server.close();
  log(`locate over HTTP, cold (the first GET: route, token check and principal loaded): ${overHttp[0].toFixed(2)} ms`);
  log(`locate over HTTP, warm: ${LOCATE.toLocaleString('en')} sequential GETs after it (keep-alive, signed in, client in the same process, every answer 200), p50 ${pct(overHttp.slice(1), 50).toFixed(2)} ms, p99 ${pct(overHttp.slice(1), 99).toFixed(2)} ms; no HTTP baseline (no other route locates), the SQL baseline above is in process`);
} finally {
  await cleanup();
}
