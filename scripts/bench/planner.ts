/**
 * npm run bench -- planner [--runs 15]
 *
 * The planner's live check on the demo town: a draft over the community whose unit count is
 * closest above 100, and the check every edit returns (tallies of the touched cells against the
 * sizing band, and the coverage problems among their parents' children) timed per edit kind:
 * paint a unit into the next grid, split a grid along a line, reshape a unit (every vertex moved
 * a few decimetres, snapped back), merge two grids. Each edit is undone before the next, so all
 * runs start from the same draft. Beside them, in the same run and database, the baselines: a
 * full coverage check of the same community (what GET /api/coverage?root= runs) and a plain SQL
 * tally of households and facilities per grid of the community (ST_Intersects). Runs on the
 * embedded database (a fresh one) or, with DATABASE_URL set, on a fresh database on that server.
 */
import { openBenchDb } from './open_bench_db.ts';
import { loadDemoTown } from '../../server/services/load_demo_town.ts';
import { checkCoverage } from '../../server/services/check_coverage.ts';
import { createPlan } from '../../server/services/plans/create_plan.ts';
import { applyPlanEdit, type PlanEditOp } from '../../server/services/plans/apply_plan_edit.ts';
import { undoPlanEdit } from '../../server/services/plans/undo_plan_edit.ts';
import { checkPlan } from '../../server/services/plans/check_plan.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const RUNS = Number(arg('runs', '15'));
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(0).padStart(4)} ms  p95 ${pct(xs, 95).toFixed(0).padStart(4)} ms`;
async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

const { db, cleanup, where } = await openBenchDb('planner');
try {
  const setup = performance.now();
  await loadDemoTown(db);
  const [c] = await db.query<{ code: string; units: number; grids: number }>(
    `select c.code, count(u.id)::int as units, count(distinct g.id)::int as grids
       from area c join area g on g.parent_id = c.id join area u on u.parent_id = g.id
      where c.level = 'community' group by c.code
      order by (count(u.id) < 100), abs(count(u.id) - 100), c.code limit 1`,
  );
  console.log(`planner benchmark on ${where}, PostGIS ${db.capabilities.postgisVersion}: community ${c.code} with ${c.grids} grids and ${c.units} units; set up in ${((performance.now() - setup) / 1000).toFixed(1)} s`);

  // Edits of each kind, on cells picked once: a border unit of grid a next to grid b.
  const [pick] = await db.query<{ unit: string; a: string; b: string; unit_geojson: string; x: number; s: number; n: number }>(
    `select u.code as unit, ga.code as a, gb.code as b, st_asgeojson(u.geom, 12) as unit_geojson,
            (st_xmin(ga.geom) + st_xmax(ga.geom)) / 2 as x, st_ymin(ga.geom) - 0.001 as s, st_ymax(ga.geom) + 0.001 as n
       from area ga join area u on u.parent_id = ga.id
       join area gb on gb.parent_id = ga.parent_id and gb.id <> ga.id
      where ga.parent_id = (select id from area where code = $1::text)
        and st_length(st_collectionextract(st_intersection(st_boundary(u.geom), st_boundary(gb.geom)), 2)) > 0
        and (select count(*) from area k where k.parent_id = ga.id) > 3
      order by ga.code, u.code limit 1`,
    [c.code],
  );
  const moved = JSON.parse(pick.unit_geojson);
  let k = 0;
  moved.coordinates = moved.coordinates.map((poly: number[][][]) => poly.map((ring) => {
    const r = ring.map(([x, y]) => [x + ((k++ % 5) - 2) * 1.2e-6, y + ((k % 3) - 1) * 1.5e-6]);
    r[r.length - 1] = r[0];
    return r;
  }));
  const edits: Record<string, PlanEditOp> = {
    paint: { op: 'paint', unit_codes: [pick.unit], to: pick.b },
    split: { op: 'split', code: pick.a, line: { type: 'LineString', coordinates: [[pick.x, pick.s], [pick.x, pick.n]] } },
    reshape: { op: 'reshape', code: pick.unit, geometry: moved },
    merge: { op: 'merge', codes: [pick.a, pick.b] },
  };

  const plan = await createPlan(db, { root: c.code, actor: 'bench' });
  let rev = plan.rev;
  const rows: string[] = [];
  for (const [kind, op] of Object.entries(edits)) {
    const total: number[] = [];
    const check: number[] = [];
    let touched = 0;
    for (let i = 0; i < RUNS + 1; i++) {
      const r = await timed(() => applyPlanEdit(db, plan.id, rev, 'bench', op));
      if (i > 0) {
        total.push(r.ms);
        check.push(r.value.check.ms);
      }
      touched = r.value.touched.length;
      rev = r.value.plan.rev;
      rev = (await undoPlanEdit(db, plan.id, rev, 'undo')).plan.rev;
    }
    rows.push(`  ${kind.padEnd(8)} check ${fmt(check)}   edit + check ${fmt(total)}   (${touched} cells touched)`);
  }
  const again: number[] = [];
  for (let i = 0; i < RUNS; i++) again.push((await timed(() => checkPlan(db, plan.id, [pick.a, pick.b]))).ms);

  const full: number[] = [];
  const tally: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const f = await timed(() => checkCoverage(db, { root: c.code }));
    const t = await timed(() => db.query(
      `select g.code, (select count(*) from household h where h.geom && g.geom and st_intersects(g.geom, h.geom))::int as households,
              (select count(*) from facility f where f.geom && g.geom and st_intersects(g.geom, f.geom))::int as facilities
         from area g where g.parent_id = (select id from area where code = $1::text)`, [c.code]));
    if (i > 0) {
      full.push(f.ms);
      tally.push(t.ms);
    }
  }
  console.log(`live check per edit kind (${RUNS} runs each, after one warm-up; the aim is under 200 ms):`);
  for (const r of rows) console.log(r);
  console.log(`  GET check of two grids, no edit       ${fmt(again)}`);
  console.log('baselines, same community:');
  console.log(`  full coverage check (GET /api/coverage?root=${c.code})   ${fmt(full)}`);
  console.log(`  plain SQL tally per grid (ST_Intersects)               ${fmt(tally)}`);
} finally {
  await cleanup();
}
