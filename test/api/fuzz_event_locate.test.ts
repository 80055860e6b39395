/**
 * The event intake locates reports in memory (locate_event_cell.ts, the assignment engine) instead
 * of in SQL (insert_events.ts). Both must give every point the same cell, grid, path, region and
 * "in a grid" answer: seeded random points over the demo town and beyond it, and points exactly
 * on cell corners and edges, where ties are decided (FUZZ_SEED reproduces a run).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { locateEventCell } from '../../server/services/locate_event_cell.ts';

const SEED = process.env.FUZZ_SEED || 'gridwork-locate-1';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb('demo');
});
afterAll(async () => t?.drop());

/** The SQL locate of insert_events.ts, for one point at a time. */
async function locateInSql(lon: number, lat: number) {
  const [row] = await t.db.query<{ cell_code: string | null; grid_code: string | null; area_path: string | null; region: string | null; in_grid: boolean | null }>(
    `with p as (select st_setsrid(st_point($1::float8, $2::float8), 4326) as g)
     select c.code as cell_code, coalesce(gr.code, c.code) as grid_code, c.path as area_path, c.region,
            (gr.id is not null or not exists(select 1 from area k where k.parent_id = c.id)) as in_grid
       from p
       left join lateral (
         select * from (select a.id, a.code, a.path, a.region, a.geom from area a where a.geom && p.g order by a.depth desc, a.code offset 0) cand
          where st_covers(cand.geom, p.g) limit 1) c on true
       left join lateral (
         select g.id, g.code from area g where g.code = any(string_to_array(c.path, '/')) and g.level = 'grid' order by g.depth desc limit 1) gr on true`,
    [lon, lat],
  );
  return row.cell_code === null ? null : row;
}

describe(`in-memory event locate agrees with the SQL locate (seed "${SEED}")`, () => {
  it('on random points over the town and around it, and on cell corners and edge midpoints', async () => {
    const rng = seedrandom(SEED);
    const [box] = await t.db.query<{ w: number; s: number; e: number; n: number }>(
      `select st_xmin(geom) as w, st_ymin(geom) as s, st_xmax(geom) as e, st_ymax(geom) as n from area where depth = 0 order by code limit 1`,
    );
    const pad = 0.01;
    const points: [number, number][] = Array.from({ length: 600 }, () => [box.w - pad + rng() * (box.e - box.w + 2 * pad), box.s - pad + rng() * (box.n - box.s + 2 * pad)]);
    // Corners and edge midpoints of random units and grids: points on shared boundaries.
    const edges = await t.db.query<{ x: number; y: number; mx: number; my: number }>(
      `select st_x(p1) as x, st_y(p1) as y, (st_x(p1) + st_x(p2)) / 2 as mx, (st_y(p1) + st_y(p2)) / 2 as my
         from (select a.geom from area a where a.level in ('unit', 'grid') order by md5(a.code || $1::text) limit 60) s,
              lateral (select st_pointn(r, 1) as p1, st_pointn(r, 2) as p2 from st_exteriorring(st_geometryn(s.geom, 1)) as r) e`,
      [SEED],
    );
    for (const e of edges) points.push([e.x, e.y], [e.mx, e.my]);

    const differ: string[] = [];
    let inGrid = 0;
    for (const [lon, lat] of points) {
      const sql = await locateInSql(lon, lat);
      const mem = await locateEventCell(t.db, lon, lat);
      const m = mem && { cell_code: mem.cell_code, grid_code: mem.grid_code, area_path: mem.area_path, region: mem.region, in_grid: mem.in_grid };
      if (JSON.stringify(m) !== JSON.stringify(sql)) differ.push(`${lon},${lat}: memory ${JSON.stringify(m)} sql ${JSON.stringify(sql)}`);
      if (sql?.in_grid) inGrid++;
    }
    // Both kinds of answer occur, so the comparison covers both.
    expect(inGrid).toBeGreaterThan(100);
    expect(points.length - inGrid).toBeGreaterThan(20);
    expect(differ).toEqual([]);
  }, 300_000);
});
