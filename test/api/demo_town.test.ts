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
    const rows = await t.db.query<{ assignment: string; level: string | null; n: number }>(
      `select h.assignment, a.level, count(*)::int as n from household h left join area a on a.id = h.cell_id
        group by 1, 2 order by 1, 2`,
    );
    expect(rows).toEqual([
      { assignment: 'assigned', level: 'unit', n: 40_000 },
      { assignment: 'orphan', level: null, n: 3 },
    ]);
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
