/**
 * npm run bench -- coverage [--runs 5] [--seed bench]
 *
 * The coverage check on the issue's benchmark tree: 5,000 units under 300 grids under 24
 * communities under one town (a seeded lattice, scripts/synthetic/create_lattice_town.ts),
 * with 20 gaps and 20 overlaps injected among the units. Times the whole tree, every level, with
 * checkCoverage, beside the plain PostGIS baselines in the same run and database: overlaps by a
 * self-join of siblings with ST_Overlaps and ST_Intersection area > 0, gaps by
 * ST_Difference(parent, ST_Union(children)). Runs on the embedded database (a fresh one in a
 * temporary directory) or, with DATABASE_URL set, on a fresh database on that server.
 */
import { loadavg } from 'node:os';
import { openBenchDb } from './open_bench_db.ts';
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

const { db, cleanup, where } = await openBenchDb('coverage');
try {
  const setup = performance.now();
  const town = createLatticeTown({ seed: SEED, root: 'BENCH', cols: 100, rows: 50, gridCols: 20, gridRows: 15, communityCols: 6, communityRows: 4, gaps: 20, overlaps: 20 });
  await importAreas(db, town.areas);
  const counts = await db.query<{ level: string; n: number }>(`select level, count(*)::int as n from area group by level order by min(depth)`);
  console.log(`coverage benchmark on ${where}, ${db.capabilities.postgisVersion}: ${counts.map((c) => `${c.n} ${c.level}`).join(', ')}; ${town.defects.length} defects injected; set up in ${((performance.now() - setup) / 1000).toFixed(1)} s`);

  // Two cores shared with others: the figures mean little without the load they were taken under.
  const load = () => loadavg().map((l) => l.toFixed(2)).join(', ');
  console.log(`load average before: ${load()}`);
  const first = await timed(() => checkCoverage(db, { root: 'BENCH' }));
  const runs: number[] = [];
  let report = first.value;
  for (let i = 0; i < RUNS; i++) {
    const r = await timed(() => checkCoverage(db, { root: 'BENCH' }));
    runs.push(r.ms);
    report = r.value;
  }
  const found = report.summary.by_kind;

  // Baselines: plain PostGIS, the whole tree (every parent's children), as the issue describes them.
  const overlapSql = (level: string | null) => ({
    sql: `select count(*)::int as n, coalesce(sum(st_area(st_intersection(a.geom, b.geom)::geography)), 0) as m2
            from area a join area b on b.parent_id = a.parent_id and b.id > a.id and a.geom && b.geom
           where ($1::text is null or a.level = $1::text) and st_overlaps(a.geom, b.geom)
             and st_area(st_intersection(a.geom, b.geom)) > 0`,
    params: [level],
  });
  const gapSql = (level: string | null) => ({
    sql: `select count(*)::int as n, coalesce(sum(m2), 0) as m2 from (
            select st_area(st_difference(p.geom, st_union(c.geom))::geography) as m2
              from area p join area c on c.parent_id = p.id
             where ($1::text is null or c.level = $1::text)
             group by p.id, p.geom) t where m2 > 0`,
    params: [level],
  });
  const baseline = async (q: { sql: string; params: unknown[] }) => {
    const ms: number[] = [];
    let value: { n: number; m2: number } = { n: 0, m2: 0 };
    for (let i = 0; i < Math.max(1, Math.min(RUNS, 3)); i++) {
      // PGlite's PostGIS loses the answer when GEOS's floating overlay has to retry; the driver
      // then refuses it (server/db/pglite_db.ts), and the baseline has no answer to show.
      const r = await timed(() => db.transaction(async (tx) => {
        await tx.query('set local jit = off');
        return (await tx.query<{ n: number; m2: number }>(q.sql, q.params))[0];
      }).catch(() => undefined));
      ms.push(r.ms);
      value = r.value ?? { n: NaN, m2: NaN };
    }
    return { ms: median(ms), value };
  };
  const rows: [string, number, string][] = [
    ['checkCoverage: whole tree, every level, every kind (first run: validity not yet cached)', first.ms, describe(first.value.summary.by_kind)],
    [`checkCoverage: whole tree, every level, every kind (median of ${RUNS})`, median(runs), describe(found)],
  ];
  for (const [label, level] of [['units only', 'unit'], ['whole tree', null]] as const) {
    const o = await baseline(overlapSql(level));
    const none = 'no answer: GEOS failed inside PGlite and the driver refused the empty result';
    rows.push([`baseline overlaps, ${label}: self-join, ST_Overlaps + ST_Intersection area > 0`, o.ms, Number.isNaN(o.value.n) ? none : `${o.value.n} overlapping pairs, ${Math.round(o.value.m2)} m²`]);
    const g = await baseline(gapSql(level));
    rows.push([`baseline gaps, ${label}: ST_Difference(parent, ST_Union(children))`, g.ms, Number.isNaN(g.value.n) ? none : `${g.value.n} parents with gaps, ${Math.round(g.value.m2)} m²`]);
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [label, ms, what] of rows) console.log(`${label.padEnd(width)}  ${ms.toFixed(0).padStart(6)} ms  ${what}`);
  const expected = { gap: town.defects.filter((d) => d.kind === 'gap').length, overlap: town.defects.filter((d) => d.kind === 'overlap').length };
  const ok = found.gap === expected.gap && found.overlap === expected.overlap && report.summary.total === expected.gap + expected.overlap;
  console.log(`load average after: ${load()}`);
  console.log(`${ok ? 'found every injected defect and nothing else' : 'MISMATCH'}: expected ${describe(expected)}, found ${describe(found)}; ${report.checked.parents} parents screened by shared edges, ${report.checked.parents_overlaid} overlaid exactly`);
  if (!ok) process.exitCode = 1;
} finally {
  await cleanup();
}

function describe(byKind: Record<string, number>): string {
  return Object.entries(byKind).map(([k, n]) => `${n} ${k}`).join(', ') || 'nothing';
}
