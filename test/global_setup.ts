import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../server/db/open_database.ts';
import { isProcessAlive } from '../server/db/data_dir_lock.ts';
import { loadDemoTown } from '../server/services/load_demo_town.ts';
import { templateKey } from './helpers/template_key.ts';
import { withDatabase } from '../scripts/database_url.ts';
import { CHROMIUM, buildWeb } from './helpers/browser.ts';

/**
 * Makes the template databases once per run, or reuses them while the migrations and the demo
 * generator are unchanged: `empty` (migrated) and `demo` (migrated, with the demo town). Each test
 * file then gets its own copy (test/helpers/test_db.ts), as graphile/worker does.
 */
export default async function setup(project: TestProject): Promise<void> {
  const root = path.resolve(import.meta.dirname, '..');
  const key = templateKey(root);
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const log = (m: string) => console.log(`[test templates] ${m}`);
  // Browser tests load the built app: build it once, before any test file starts.
  if (existsSync(CHROMIUM)) await buildWeb();
  if (databaseUrl) {
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    for (const kind of ['empty', 'demo'] as const) {
      const name = `gridwork_tpl_${kind}_${key}`;
      const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
      if (rowCount) continue;
      log(`creating ${name}`);
      const building = `${name}_b${process.pid}`;
      await admin.query(`create database ${building}`);
      const db = await openDatabase({ databaseUrl: withDatabase(databaseUrl, building), dataDir: '' });
      if (kind === 'demo') await loadDemoTown(db, log);
      await db.close();
      try {
        await admin.query(`alter database ${building} rename to ${name}`);
      } catch {
        await admin.query(`drop database if exists ${building}`); // another run finished it first
      }
    }
    // Templates of older migrations are never used again.
    const stale = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like 'gridwork\\_tpl\\_%' and datname not like $1`,
      [`%\\_${key}`],
    );
    for (const { datname } of stale.rows) await admin.query(`drop database if exists ${datname}`).catch(() => undefined);
    await admin.end();
    project.provide('templates', { empty: `gridwork_tpl_empty_${key}`, demo: `gridwork_tpl_demo_${key}` });
  } else {
    const cache = path.join(root, '.cache', 'test-templates');
    mkdirSync(cache, { recursive: true });
    for (const kind of ['empty', 'demo'] as const) {
      const dir = path.join(cache, `${kind}-${key}`);
      if (existsSync(dir)) continue;
      log(`creating the embedded ${kind} template (PostGIS takes 15–45 s the first time)`);
      // Unique per process: two test runs may build the same template at once; the first rename wins.
      const building = `${dir}.building-${process.pid}`;
      const base = path.join(cache, `empty-${key}`);
      if (kind === 'demo' && existsSync(base)) cpSync(base, building, { recursive: true });
      const db = await openDatabase({ dataDir: building });
      if (kind === 'demo') await loadDemoTown(db, log);
      await db.close();
      try {
        renameSync(building, dir);
      } catch {
        rmSync(building, { recursive: true, force: true }); // another run finished it first
      }
    }
    pruneStaleTemplates(cache, key);
    project.provide('templates', { empty: path.join(cache, `empty-${key}`), demo: path.join(cache, `demo-${key}`) });
  }
}

/**
 * Removes templates made from older migrations, and half-built ones whose builder has died; a
 * template being built by a live run is left alone.
 */
function pruneStaleTemplates(cache: string, key: string): void {
  for (const name of readdirSync(cache)) {
    const building = /\.building-(\d+)$/.exec(name);
    const stale = building ? !isProcessAlive(Number(building[1])) : !name.endsWith(`-${key}`);
    if (stale) rmSync(path.join(cache, name), { recursive: true, force: true });
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    templates: { empty: string; demo: string };
  }
}
