import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Db } from '../../server/db/db.ts';
import { openDatabase } from '../../server/db/open_database.ts';

/**
 * A fresh, migrated database for a benchmark: a scratch database `gridwork_bench_NAME_PID` on the
 * server DATABASE_URL names (dropped by `cleanup`), else an embedded PGlite in a temporary folder.
 */
export async function openBenchDb(name: string): Promise<{ db: Db; cleanup: () => Promise<void>; where: string }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const scratch = `gridwork_bench_${name}_${process.pid}`;
    const admin = async (sql: string) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    };
    await admin(`create database ${scratch}`);
    const u = new URL(url);
    u.pathname = `/${scratch}`;
    const db = await openDatabase({ databaseUrl: u.toString(), dataDir: '' });
    return { db, where: 'the PostGIS server', cleanup: async () => { await db.close(); await admin(`drop database if exists ${scratch} with (force)`); } };
  }
  const dir = mkdtempSync(path.join(tmpdir(), `gridwork-bench-${name}-`));
  console.log('creating an embedded database (PostGIS takes 15–45 s)…');
  const db = await openDatabase({ dataDir: dir });
  return { db, where: 'embedded PGlite', cleanup: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
}
