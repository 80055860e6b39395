import { mkdirSync } from 'node:fs';
import type { Db } from './db.ts';
import { probeCapabilities } from './capabilities.ts';
import { migrate } from './migrate.ts';
import { openPgDb } from './pg_db.ts';
import { openPgliteDb } from './pglite_db.ts';
import { lockDataDir } from './data_dir_lock.ts';

export interface OpenOptions {
  /** postgres://… for a PostGIS server; absent for the embedded database. */
  databaseUrl?: string;
  /** Where the embedded database keeps its files. */
  dataDir: string;
  /** Told what is happening, for a progress line on a slow first start. */
  log?: (message: string) => void;
}

/** Opens the database the configuration names, migrates it, and learns what its PostGIS can do. */
export async function openDatabase({ databaseUrl, dataDir, log = () => undefined }: OpenOptions): Promise<Db> {
  let db: Db;
  if (databaseUrl) {
    log(`connecting to ${redactUrl(databaseUrl)}`);
    db = await openPgDb(databaseUrl);
  } else {
    mkdirSync(dataDir, { recursive: true });
    const unlock = lockDataDir(dataDir);
    log(`opening the embedded PostGIS in ${dataDir}`);
    db = await openPgliteDb(dataDir);
    const close = db.close;
    db.close = async () => {
      await close();
      unlock();
    };
  }
  await migrate(db, (name) =>
    log(
      name.startsWith('000001')
        ? `applying ${name} (creates PostGIS: the embedded database's first start takes 15–45 s)`
        : `applying ${name}`,
    ),
  );
  db.capabilities = await probeCapabilities(db);
  return db;
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
