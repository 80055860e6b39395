import { PGlite, types } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import type { Db, Queryable } from './db.ts';

// Counts (int8) and numerics come back as JS numbers on both drivers, so that rows look the same
// whichever database answered. Our int8 values are counts and sums, far below 2^53.
const parsers = { [types.INT8]: Number, [types.NUMERIC]: Number };

/**
 * Opens (or creates) the embedded PostGIS in `dataDir`. PGlite is a single connection: it queues
 * queries itself, and a transaction holds the connection until it ends.
 */
export async function openPgliteDb(dataDir: string): Promise<Db> {
  const pg = await PGlite.create(dataDir, { extensions: { postgis }, parsers });
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<R>(sql: string, params?: unknown[]) {
      return (await q.query<R>(sql, params)).rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const db: Db = {
    driver: 'pglite',
    capabilities: { asMvt: false, coverageFunctions: false, postgisVersion: '' },
    ...wrap(pg),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    close: () => pg.close(),
  };
  return db;
}

