import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listMigrations, migrate, migrationsDir } from '../../server/db/migrate.ts';

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

  it('rolls a failing migration back whole, keeping the ones before it', async () => {
    // The project's migrations (all applied already), then a good one, then one that fails half-way.
    const dir = mkdtempSync(path.join(tmpdir(), 'gridwork-migrations-'));
    for (const f of readdirSync(migrationsDir)) copyFileSync(path.join(migrationsDir, f), path.join(dir, f));
    writeFileSync(path.join(dir, '999998_good.sql'), 'create table whole_written (id int); insert into whole_written values (1);');
    // Its statements all run, but recording it fails (a trigger it adds refuses the row): only
    // migrate()'s transaction around file and record can take its table back out.
    writeFileSync(path.join(dir, '999999_half.sql'), `create table half_written (id int); insert into half_written values (1);
      create function refuse_record() returns trigger language plpgsql as $$ begin raise exception 'recording refused'; end $$;
      create trigger refuse_record before insert on schema_migration for each row execute function refuse_record();`);
    try {
      const applying: string[] = [];
      await expect(migrate(t.db, (name) => applying.push(name), dir)).rejects.toThrow(/recording refused/);
      expect(applying).toEqual(['999998_good.sql', '999999_half.sql']);
      const tables = await t.db.query<{ tablename: string }>(`select tablename from pg_tables where tablename in ('half_written', 'whole_written') order by 1`);
      expect(tables.map((r) => r.tablename)).toEqual(['whole_written']);
      const recorded = await t.db.query<{ version: number }>('select version from schema_migration where version >= 999998 order by version');
      expect(recorded.map((r) => r.version)).toEqual([999998]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await t.db.exec('drop table if exists whole_written; delete from schema_migration where version >= 999998;');
    }
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
