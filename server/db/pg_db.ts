import pg from 'pg';
import type { Db, Queryable } from './db.ts';
import { isDatabaseUnavailable } from './database_unavailable.ts';

pg.types.setTypeParser(pg.types.builtins.INT8, Number);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, Number);

export interface PgDbOptions {
  poolSize?: number;
  /**
   * How long getting a connection may keep retrying while the server is unreachable (a restart
   * takes a few seconds) before the statement fails; GRIDWORK_DB_CONNECT_WAIT_MS, 10 s by default.
   */
  connectWaitMs?: number;
  /** Told when the server is lost and when it is back. */
  log?: (message: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Connects to a PostGIS server. A pool: statements outside a transaction may run concurrently.
 *
 * It outlives the server restarting: a connection the server drops is discarded, never handed out
 * again, and its 'error' event is handled (node-postgres emits it on an idle or checked-out client
 * whose socket closes; unhandled, it would end the process). Getting a connection retries with
 * backoff while the server is unreachable, so a statement issued during a restart waits for it
 * and then runs. A statement that was already running when the server went away fails (there is
 * no knowing whether it committed); the caller's client retries, idempotently.
 */
export async function openPgDb(connectionString: string, options: PgDbOptions = {}): Promise<Db> {
  const connectWaitMs = options.connectWaitMs ?? nonNegative(process.env.GRIDWORK_DB_CONNECT_WAIT_MS, 10_000);
  const log = options.log ?? ((m: string) => console.warn(m));
  const pool = new pg.Pool({ connectionString, max: options.poolSize ?? 10, connectionTimeoutMillis: 5000, keepAlive: true });
  let lost = false;
  const lose = (err: Error) => {
    if (!lost) log(`database connection lost (${err.message}); reconnecting when a statement needs it`);
    lost = true;
  };
  pool.on('error', lose);

  async function connect(): Promise<pg.PoolClient> {
    const deadline = Date.now() + connectWaitMs;
    for (let attempt = 0; ; attempt++) {
      try {
        const client = await pool.connect();
        if (lost) log('database connection back');
        lost = false;
        return client;
      } catch (err) {
        const wait = Math.min(100 * 2 ** attempt, 1000);
        if (!isDatabaseUnavailable(err) || Date.now() + wait > deadline) throw err;
        lose(err as Error);
        await sleep(wait);
      }
    }
  }

  /** Runs `fn` on a connection of its own; a connection the server dropped is destroyed, not pooled. */
  async function withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await connect();
    let broken: Error | undefined;
    const onError = (err: Error) => {
      broken = err;
      lose(err);
    };
    client.on('error', onError);
    try {
      return await fn(client);
    } catch (err) {
      if (isDatabaseUnavailable(err)) broken ??= err as Error;
      throw err;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  const wrap = (client: pg.PoolClient): Queryable => ({
    async query<R>(sql: string, params?: unknown[]) {
      return (await client.query(sql, params)).rows as R[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  });

  await withClient((c) => c.query('select 1'));
  return {
    driver: 'postgres',
    capabilities: { asMvt: false, coverageFunctions: false, postgisVersion: '' },
    query: <R>(sql: string, params?: unknown[]) => withClient((c) => wrap(c).query<R>(sql, params)),
    exec: (sql: string) => withClient((c) => wrap(c).exec(sql)),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) =>
      withClient(async (client) => {
        await client.query('begin');
        try {
          const result = await fn(wrap(client));
          await client.query('commit');
          return result;
        } catch (err) {
          await client.query('rollback').catch(() => undefined);
          throw err;
        }
      }),
    close: () => pool.end(),
  };
}

function nonNegative(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return v !== undefined && v !== '' && Number.isInteger(n) && n >= 0 ? n : fallback;
}
