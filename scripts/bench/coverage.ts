/**
 * npm run bench -- coverage [--runs 5] [--seed bench]
 *
 * The coverage check on the issue's benchmark tree: 5,000 units under 300 grids under 24
 * communities under one town (a seeded lattice, scripts/synthetic/create_lattice_town.ts),
 * with 20 gaps and 20 overlaps injected among the units. Times the whole tree, every level, with
 * checkCoverage, beside the plain PostGIS baselines in the same run and database: overlaps by a
 * self-join of siblings with ST_Overlaps and ST_Intersection area > 0, gaps by
 * ST_Difference(parent, ST_Union(children)). Cold (each method alone, first run after the
 * database is opened again) and warm (median of --runs after one untimed run) figures are printed
 * apart, each method measured the same way. Runs on the embedded database (a fresh one in a
 * temporary directory) or, with DATABASE_URL set, on a fresh database on that server.
 */
import { loadavg } from 'node:os';
import { createBenchLocation } from './open_bench_db.ts';
import { openDatabase } from '../../server/db/open_database.ts';
import { importAreas } from '../../server/services/import_areas.ts';
import { checkCoverage } from '../../server/services/check_coverage.ts';
import { createLatticeTown } from '../synthetic/create_lattice_town.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const RUNS = Number(arg('runs', '5'));
const SEED = arg('seed', 'bench');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

// Cold: each method alone, first run after the database was (re)opened in this process, so that
// nothing one method did warms another (the checker's validity cache lives in the process; PGlite's
// buffers and PostGIS's caches too). Warm: every method once untimed, then the median of RUNS.
const place = await createBenchLocation('coverage');
if (!place.location.databaseUrl) console.log('creating an embedded database (PostGIS takes 15–45 s)…');
let db = await openDatabase(place.location);
const where = place.location.databaseUrl ? 'the PostGIS server' : 'embedded PGlite';
try {
  const setup = performance.now();
  const town = createLatticeTown({ seed: SEED, root: 'BENCH', cols: 100, rows: 50, gridCols: 20, gridRows: 15, communityCols: 6, communityRows: 4, gaps: 20, overlaps: 20 });
  await importAreas(db, town.areas);
  const counts = await db.query<{ level: string; n: number }>(`select level, count(*)::int as n from area group by level order by min(depth)`);
  console.log(`coverage benchmark on ${where}, ${db.capabilities.postgisVersion}: ${counts.map((c) => `${c.n} ${c.level}`).join(', ')}; ${town.defects.length} defects injected; set up in ${((performance.now() - setup) / 1000).toFixed(1)} s`);

  // Two cores shared with others: the figures mean little without the load they were taken under.
  const load = () => loadavg().map((l) => l.toFixed(2)).join(', ');
  console.log(`load average before: ${load()}`);

  // Baselines: plain PostGIS, as the issue describes them.
  const overlapSql = `select count(*)::int as n, coalesce(sum(st_area(st_intersection(a.geom, b.geom)::geography)), 0) as m2
            from area a join area b on b.parent_id = a.parent_id and b.id > a.id and a.geom && b.geom
           where ($1::text is null or a.level = $1::text) and st_overlaps(a.geom, b.geom)
             and st_area(st_intersection(a.geom, b.geom)) > 0`;
  const gapSql = `select count(*)::int as n, coalesce(sum(m2), 0) as m2 from (
            select st_area(st_difference(p.geom, st_union(c.geom))::geography) as m2
              from area p join area c on c.parent_id = p.id
             where ($1::text is null or c.level = $1::text)
             group by p.id, p.geom) t where m2 > 0`;
  const none = 'no answer: GEOS failed inside PGlite and the driver refused the empty result';
  const sqlMethod = (label: string, sql: string, level: string | null, what: (r: { n: number; m2: number }) => string) => ({
    label,
    // PGlite's PostGIS loses the answer when GEOS's floating overlay has to retry; the driver
    // then refuses it (server/db/pglite_db.ts), and the baseline has no answer to show.
    run: async () => {
      const r = await db.transaction(async (tx) => {
        await tx.query('set local jit = off');
        return (await tx.query<{ n: number; m2: number }>(sql, [level]))[0];
      }).catch(() => undefined);
      return r ? what(r) : none;
    },
  });
  let report: Awaited<ReturnType<typeof checkCoverage>> | null = null;
  const methods = [
    { label: 'checkCoverage: whole tree, every level, every kind', run: async () => describe((report = await checkCoverage(db, { root: 'BENCH' })).summary.by_kind) },
    sqlMethod('baseline overlaps, units only: self-join, ST_Overlaps + ST_Intersection area > 0', overlapSql, 'unit', (r) => `${r.n} overlapping pairs, ${Math.round(r.m2)} m²`),
    sqlMethod('baseline overlaps, whole tree', overlapSql, null, (r) => `${r.n} overlapping pairs, ${Math.round(r.m2)} m²`),
    sqlMethod('baseline gaps, units only: ST_Difference(parent, ST_Union(children))', gapSql, 'unit', (r) => `${r.n} parents with gaps, ${Math.round(r.m2)} m²`),
    sqlMethod('baseline gaps, whole tree', gapSql, null, (r) => `${r.n} parents with gaps, ${Math.round(r.m2)} m²`),
  ];
  const width = Math.max(...methods.map((m) => m.label.length));
  const line = (label: string, ms: number, what: string) => console.log(`${label.padEnd(width)}  ${ms.toFixed(0).padStart(6)} ms  ${what}`);

  console.log(`cold: each method alone, its first run after the database is opened again${place.location.databaseUrl ? ' (a new connection pool; the server\'s own buffers stay warm)' : ' (PGlite starts afresh)'}`);
  for (const m of methods) {
    await db.close();
    db = await openDatabase(place.location);
    const r = await timed(m.run);
    line(m.label, r.ms, r.value);
  }
  console.log(`warm: one untimed run of each, then the median of ${RUNS} runs of each`);
  for (const m of methods) {
    await m.run();
    const ms: number[] = [];
    let what = '';
    for (let i = 0; i < RUNS; i++) {
      const r = await timed(m.run);
      ms.push(r.ms);
      what = r.value;
    }
    line(m.label, median(ms), what);
  }
  const found = report!.summary.by_kind;
  const expected = { gap: town.defects.filter((d) => d.kind === 'gap').length, overlap: town.defects.filter((d) => d.kind === 'overlap').length };
  const ok = found.gap === expected.gap && found.overlap === expected.overlap && report!.summary.total === expected.gap + expected.overlap;
  console.log(`load average after: ${load()}`);
  console.log(`${ok ? 'found every injected defect and nothing else' : 'MISMATCH'}: expected ${describe(expected)}, found ${describe(found)}; ${report!.checked.parents} parents screened by shared edges, ${report!.checked.parents_overlaid} overlaid exactly`);
  if (!ok) process.exitCode = 1;
} finally {
  await db.close();
  await place.drop();
}

function describe(byKind: Record<string, number>): string {
  return Object.entries(byKind).map(([k, n]) => `${n} ${k}`).join(', ') || 'nothing';
}
