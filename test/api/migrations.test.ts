import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { listMigrations, migrate } from '../../server/db/migrate.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb('empty');
});
afterAll(async () => t?.drop());

describe('migrations', () => {
  it('records every numbered file once, in order, and applies nothing twice', async () => {
    const recorded = await t.db.query<{ version: number; name: string }>('select version, name from schema_migration order by version');
    expect(recorded.map((r) => r.name)).toEqual(listMigrations().map((m) => m.name));
    expect(await migrate(t.db)).toEqual([]);
  });

  it('rolls a failing migration back whole', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await tx.exec('create table half_written (id int); insert into half_written values (1); select no_such_function();');
      }),
    ).rejects.toThrow(/no_such_function/);
    const [row] = await t.db.query<{ n: number }>(`select count(*)::int as n from pg_tables where tablename = 'half_written'`);
    expect(row.n).toBe(0);
  });

  it('knows what its PostGIS can do, by trying', async () => {
    const { capabilities } = t.db;
    expect(capabilities.postgisVersion).toMatch(/^3\.\d+/);
    const [major, minor] = capabilities.postgisVersion.split('.').map(Number);
    expect(capabilities.coverageFunctions).toBe(major > 3 || minor >= 4);
    if (t.db.driver === 'pglite') expect(capabilities.asMvt).toBe(false); // built without protobuf
    if (capabilities.asMvt) {
      const [row] = await t.db.query<{ n: number }>('select length(st_asmvt(t))::int as n from (select st_asmvtgeom(st_point(1, 1), st_makeenvelope(0, 0, 2, 2)) as g) t');
      expect(row.n).toBeGreaterThan(0);
    }
  });
});
