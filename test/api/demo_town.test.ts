import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb('demo');
});
afterAll(async () => t?.drop());

describe('the demo town as loaded', () => {
  it('holds the whole tree with valid MultiPolygons in SRID 4326', async () => {
    const rows = await t.db.query<{ level: string; n: number; invalid: number; srid: number }>(
      `select level, count(*)::int as n, count(*) filter (where not st_isvalid(geom))::int as invalid, max(st_srid(geom))::int as srid
         from area group by level order by min(depth)`,
    );
    expect(rows.map((r) => [r.level, r.n])).toEqual([['town', 1], ['community', 24], ['grid', 145], ['unit', 1610]]);
    expect(rows.every((r) => r.invalid === 0 && r.srid === 4326)).toBe(true);
  });

  it('assigned every household inside the town to a unit, and the three outside to nothing', async () => {
    const rows = await t.db.query<{ in_unit: number; orphans: number; other: number }>(
      `select count(*) filter (where h.assignment in ('assigned', 'near_edge') and a.level = 'unit')::int as in_unit,
              count(*) filter (where h.assignment = 'orphan' and h.cell_id is null)::int as orphans,
              count(*) filter (where not (h.assignment in ('assigned', 'near_edge') and a.level = 'unit')
                                 and not (h.assignment = 'orphan' and h.cell_id is null))::int as other
         from household h left join area a on a.id = h.cell_id`,
    );
    expect(rows).toEqual([{ in_unit: 40_000, orphans: 3, other: 0 }]);
  });

  it('flags exactly the households within 5 m of their unit\'s edge, by PostGIS\'s own distance', async () => {
    // Independent of the engine: the spheroidal distance to the unit's boundary. Only points within
    // 5 cm of the 5 m line may differ (the engine measures in a local plane).
    const [row] = await t.db.query<{ flagged: number; disagree: number }>(
      `select count(*) filter (where h.assignment = 'near_edge')::int as flagged,
              count(*) filter (where (h.assignment = 'near_edge') <> (d.m <= 5) and abs(d.m - 5) > 0.05)::int as disagree
         from household h join area a on a.id = h.cell_id
        cross join lateral (select st_distance(st_boundary(a.geom)::geography, h.geom::geography) as m) d`,
    );
    expect(row.flagged).toBeGreaterThan(1000);
    expect(row.disagree).toBe(0);
  });

  it('keys every tree by its root: one region, the town', async () => {
    const rows = await t.db.query<{ region: string }>(`select distinct region from area union select distinct region from household`);
    expect(rows).toEqual([{ region: '330782101' }]);
  });

  it('covers the town with its communities: areas match to within the deliberate defects', async () => {
    const [row] = await t.db.query<{ town: number; communities: number }>(
      `select (select st_area(geom::geography) from area where level = 'town') as town,
              (select sum(st_area(geom::geography)) from area where level = 'community') as communities`,
    );
    expect(row.town).toBeGreaterThan(30e6);
    expect(row.town).toBeLessThan(60e6);
    expect(Math.abs(row.communities - row.town) / row.town).toBeLessThan(1e-6);
  });
});
