import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Db } from '../../server/db/db.ts';
import { openDatabase } from '../../server/db/open_database.ts';
import { withDatabase } from '../database_url.ts';

/** Where a benchmark's fresh database lives. */
export interface BenchLocation {
  /** For openDatabase() here, or a child server's DATABASE_URL / GRIDWORK_DATA_DIR. */
  location: { databaseUrl?: string; dataDir: string };
  /** Where, in words, for the benchmark's log. */
  label: string;
  /** Throws the database away (close what was opened on it first). */
  drop(): Promise<void>;
}

/**
 * A place for a fresh database: a scratch database `gridwork_bench_NAME_PID` on the server that
 * DATABASE_URL names, else a temporary folder for an embedded PGlite. Never the database that
 * DATABASE_URL itself names.
 */
export async function createBenchLocation(name: string): Promise<BenchLocation> {
  const url = process.env.DATABASE_URL || undefined;
  if (url) {
    const scratch = `gridwork_bench_${name}_${process.pid}`;
    await adminQuery(url, `create database ${scratch}`);
    return {
      location: { databaseUrl: withDatabase(url, scratch), dataDir: '' },
      label: `PostGIS server, scratch database ${scratch}`,
      drop: () => adminQuery(url, `drop database if exists ${scratch} with (force)`),
    };
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), `gridwork-bench-${name}-`));
  return { location: { dataDir }, label: `embedded PGlite in ${dataDir}`, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** A fresh, migrated database for a benchmark (see createBenchLocation); `cleanup` closes and drops it. */
export async function openBenchDb(name: string): Promise<{ db: Db; cleanup: () => Promise<void>; where: string }> {
  const place = await createBenchLocation(name);
  if (!place.location.databaseUrl) console.log('creating an embedded database (PostGIS takes 15–45 s)…');
  const db = await openDatabase(place.location);
  return {
    db,
    where: place.location.databaseUrl ? 'the PostGIS server' : 'embedded PGlite',
    cleanup: async () => {
      await db.close();
      await place.drop();
    },
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
