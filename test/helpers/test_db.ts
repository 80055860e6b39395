import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { Db } from '../../server/db/db.ts';
import { openDatabase } from '../../server/db/open_database.ts';
import { withDatabase } from '../../scripts/database_url.ts';

export interface TestDb {
  /** The open database; a test may close it, let another process use it, and open it again here. */
  db: Db;
  /** Where it lives, for openDatabase() or another process (GRIDWORK_DATA_DIR / DATABASE_URL). */
  location: { databaseUrl?: string; dataDir: string };
  /** Closes the database and throws its copy away. */
  drop(): Promise<void>;
}

/**
 * A throwaway database for one test file, copied from a template: the embedded one by copying
 * its data directory, a server's by CREATE DATABASE … TEMPLATE. Runs on whichever the
 * environment names (DATABASE_URL set: the server).
 */
export async function createTestDb(template: 'empty' | 'demo' = 'empty'): Promise<TestDb> {
  const source = inject('templates')[template];
  const databaseUrl = process.env.DATABASE_URL || undefined;
  if (databaseUrl) {
    const name = `gridwork_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(databaseUrl, `create database ${name} template ${source}`);
    const location = { databaseUrl: withDatabase(databaseUrl, name), dataDir: '' };
    const t: TestDb = {
      db: await openDatabase(location),
      location,
      async drop() {
        await t.db.close().catch(() => undefined);
        await adminQuery(databaseUrl, `drop database if exists ${name} with (force)`);
      },
    };
    return t;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'gridwork-test-'));
  cpSync(source, dir, { recursive: true });
  const t: TestDb = {
    db: await openDatabase({ dataDir: dir }),
    location: { dataDir: dir },
    async drop() {
      await t.db.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}

async function adminQuery(databaseUrl: string, sql: string): Promise<void> {
  // CREATE DATABASE … TEMPLATE fails while another session copies the same template; retry.
  for (let attempt = 0; ; attempt++) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(sql);
      return;
    } catch (err) {
      if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 250 + Math.random() * 500));
    } finally {
      await client.end();
    }
  }
}
