import pg from 'pg';
import type { Db, Queryable } from './db.ts';

pg.types.setTypeParser(pg.types.builtins.INT8, Number);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, Number);

/** Connects to a PostGIS server. A pool: statements outside a transaction may run concurrently. */
export async function openPgDb(connectionString: string, poolSize = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // An idle client that loses its server (a restart) emits 'error'; the pool drops it and the next
  // query opens a fresh connection, so the service recovers on its own.
  pool.on('error', (err) => console.warn(`database connection lost: ${err.message}`));
  const wrap = (q: pg.Pool | pg.PoolClient): Queryable => ({
    async query<R>(sql: string, params?: unknown[]) {
      return (await q.query(sql, params)).rows as R[];
    },
    async exec(sql: string) {
      await q.query(sql);
    },
  });
  await pool.query('select 1');
  return {
    driver: 'postgres',
    capabilities: { asMvt: false, coverageFunctions: false, postgisVersion: '' },
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn(wrap(client));
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
