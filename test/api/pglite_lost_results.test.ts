import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';

// The plain gap query over the demo town: on PGlite, GEOS fails one of these overlays inside
// WebAssembly and PGlite answered with no rows and no error.
const GAP_SQL = `select count(*)::int as n from (
    select st_area(st_difference(p.geom, st_union(c.geom))::geography) as m2
      from area p join area c on c.parent_id = p.id
     group by p.id, p.geom) t where m2 > 0`;

describe('a query never loses its answer silently', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('demo');
  });
  afterAll(async () => t?.drop());

  it('an aggregate gives its one row, or the query fails loudly; never an empty answer', async () => {
    const outcome = await t.db.query<{ n: number }>(GAP_SQL).then(
      (rows) => ({ rows }),
      (error: Error) => ({ error }),
    );
    if ('rows' in outcome) expect(outcome.rows).toHaveLength(1);
    else expect(outcome.error.message).toMatch(/returned no result and no error/);
  });

  it('still answers legitimately empty selects with no rows', async () => {
    expect(await t.db.query('select 1 as x where false')).toEqual([]);
    expect(await t.db.query(`select code from area where code = $1::text`, ['none'])).toEqual([]);
  });
});
