import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Db } from './db.ts';

export const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The numbered SQL files (`000001.sql`, `000002_events.sql` …) in the order they apply. */
export function listMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{6}.*\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 6)), name: f, sql: readFileSync(path.join(dir, f), 'utf8') }));
}

/**
 * Applies the migrations not yet recorded in `schema_migration`, each in its own transaction, and
 * records it there. An advisory lock keeps two servers starting at once from racing. `dir` is the
 * folder of numbered files (the project's own unless a test hands it another).
 */
export async function migrate(db: Db, onApply: (name: string) => void = () => undefined, dir = migrationsDir): Promise<string[]> {
  await db.exec(`create table if not exists schema_migration (
    version int primary key, name text not null, applied_at timestamptz not null default now())`);
  const applied: string[] = [];
  for (const m of listMigrations(dir)) {
    const done = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock(7346001)');
      const [row] = await tx.query('select 1 from schema_migration where version = $1::int', [m.version]);
      if (row) return false;
      onApply(m.name);
      await tx.exec(m.sql);
      await tx.query('insert into schema_migration (version, name) values ($1::int, $2::text)', [m.version, m.name]);
      return true;
    });
    if (done) applied.push(m.name);
  }
  return applied;
}
