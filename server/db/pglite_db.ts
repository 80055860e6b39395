import { PGlite, types } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import type { Db, Queryable } from './db.ts';

// A statement that must describe its result columns: a select, or a write that returns rows.
const RETURNS_ROWS = /^\s*(select|with)\b|\breturning\b/i;

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
      const result = await q.query<R>(sql, params);
      // When GEOS inside PGlite's WebAssembly fails an overlay (it cannot retry as native GEOS
      // does), the query comes back with no rows, no columns and no error. An empty select still
      // describes its columns, so no columns at all means the answer was lost: refuse it rather
      // than return a wrong, empty one.
      if (result.fields.length === 0 && RETURNS_ROWS.test(sql)) {
        throw new Error(`The embedded PostGIS returned no result and no error for a query that must return rows (a GEOS failure inside PGlite): ${sql.trim().slice(0, 120)}…`);
      }
      return result.rows;
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

