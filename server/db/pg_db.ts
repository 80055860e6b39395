import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Db, DbPeers, Queryable } from './db.ts';
import { isDatabaseUnavailable } from './database_unavailable.ts';
import { currentStatementLimits, throwIfStopped, type StatementLimits } from './statement_limits.ts';

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
const NOTIFY_GATHER_MS = 10;

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
  // One connection of its own for Db.ping: health's question never waits for the pool.
  const pingPool = new pg.Pool({ connectionString, max: 1, connectionTimeoutMillis: 2000, keepAlive: true, statement_timeout: 2000 });
  pingPool.on('error', () => undefined); // a dropped connection is replaced on the next ping

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

  // Statements on a connection now, for Db.activity (health answers from what it knows meanwhile).
  let running = 0;

  /** Runs `fn` on a connection of its own; a connection the server dropped is destroyed, not pooled. */
  async function withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await connect();
    running++;
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
      running--;
      client.off('error', onError);
      client.release(broken);
    }
  }

  /**
   * Runs one statement of `client`; under heavy work's limits, their abort cancels it on the
   * server (pg_cancel_backend from another connection) and it fails with the limits' reason.
   */
  async function run<T>(client: pg.PoolClient, limits: StatementLimits | undefined, statement: () => Promise<T>): Promise<T> {
    throwIfStopped(limits);
    if (!limits) return statement();
    const pid = (client as unknown as { processID: number | null }).processID;
    const cancel = () => {
      if (pid !== null) void pool.query('select pg_cancel_backend($1::int)', [pid]).catch(() => undefined);
    };
    limits.signal.addEventListener('abort', cancel, { once: true });
    try {
      return await statement();
    } catch (err) {
      if (limits.signal.aborted) throw Object.assign(limits.signal.reason as Error, { cause: err });
      throw err;
    } finally {
      limits.signal.removeEventListener('abort', cancel);
    }
  }

  const wrap = (client: pg.PoolClient, held?: StatementLimits): Queryable => ({
    async query<R>(sql: string, params?: unknown[]) {
      return run(client, currentStatementLimits() ?? held, async () => (await client.query(sql, params)).rows as R[]);
    },
    async exec(sql: string) {
      await run(client, currentStatementLimits() ?? held, () => client.query(sql));
    },
  });

  // Notifications are gathered for NOTIFY_GATHER_MS and sent in one statement: under load, one
  // round trip for many writes. close() sends what is gathered before it ends the pool (the import
  // CLI exits right after its last write), and ends the listening connections.
  let gathering: { channels: string[]; payloads: string[]; send: () => void; sent: Promise<void> } | null = null;
  const sending = new Set<Promise<void>>();
  // Batches go out one after another: two sent at once on different pool connections could reach
  // the listeners in the other order (an event stream would then show a later entry first).
  let lastSent: Promise<void> = Promise.resolve();
  const listening = new Set<() => void>();
  const peers: DbPeers = {
    id: randomUUID(),
    notify(channel, payload) {
      if (!gathering) {
        let send!: () => void;
        const due = new Promise<void>((resolve) => (send = resolve));
        const batch = { channels: [] as string[], payloads: [] as string[], send, sent: Promise.resolve() };
        const timer = setTimeout(send, NOTIFY_GATHER_MS);
        const previous = lastSent;
        batch.sent = due.then(async () => {
          clearTimeout(timer);
          if (gathering === batch) gathering = null;
          await previous.catch(() => undefined);
          await withClient((c) => c.query('select pg_notify(n.channel, n.payload) from unnest($1::text[], $2::text[]) as n(channel, payload)', [batch.channels, batch.payloads]));
        });
        lastSent = batch.sent;
        sending.add(batch.sent);
        batch.sent.then(() => sending.delete(batch.sent), () => sending.delete(batch.sent));
        gathering = batch;
      }
      gathering.channels.push(channel);
      gathering.payloads.push(payload);
      return gathering.sent;
    },
    listen(channel, onMessage, onGap) {
      const stop = listenOn(connectionString, channel, onMessage, onGap, log);
      listening.add(stop);
      return () => {
        listening.delete(stop);
        stop();
      };
    },
  };

  await withClient((c) => c.query('select 1'));
  return {
    driver: 'postgres',
    peers,
    capabilities: { asMvt: false, coverageFunctions: false, postgisVersion: '' },
    // A server that is gone is not busy: health then waits for it and answers 503.
    activity: () => (!lost && running > 0 ? 'busy' : 'idle'),
    ping: async () => {
      await pingPool.query('select 1');
    },
    query: <R>(sql: string, params?: unknown[]) => withClient((c) => wrap(c).query<R>(sql, params)),
    exec: (sql: string) => withClient((c) => wrap(c).exec(sql)),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) => {
      const limits = currentStatementLimits();
      throwIfStopped(limits);
      return withClient(async (client) => {
        await client.query('begin');
        try {
          // The server stops any statement of heavy work past its deadline even if this process
          // could not ask it to (statement_timeout, for this transaction only).
          if (limits) await client.query(`set local statement_timeout = ${Math.max(1, Math.round(limits.deadline - Date.now()))}`);
          const result = await fn(wrap(client, limits));
          await client.query('commit');
          return result;
        } catch (err) {
          await client.query('rollback').catch(() => undefined);
          throw err;
        }
      });
    },
    async close() {
      gathering?.send();
      await Promise.allSettled(sending);
      for (const stop of listening) stop();
      await Promise.all([pool.end(), pingPool.end()]);
    },
  };
}

/**
 * LISTENs on `channel` on a connection of its own (a pooled one would be handed to others), and
 * keeps doing so: when the server drops the connection it connects again with backoff (100 ms
 * doubling to 5 s) and calls `onGap`, since whatever was sent meanwhile never reaches it.
 */
function listenOn(connectionString: string, channel: string, onMessage: (payload: string) => void, onGap: () => void, log: (m: string) => void): () => void {
  let stopped = false;
  let current: pg.Client | null = null;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  let everListened = false;

  const retry = () => {
    if (stopped) return;
    timer = setTimeout(start, Math.min(100 * 2 ** failures++, 5000));
    timer.unref();
  };
  async function start(): Promise<void> {
    const client = new pg.Client({ connectionString, keepAlive: true, application_name: 'gridwork peers' });
    let lost = false;
    const lose = (err?: Error) => {
      if (lost) return;
      lost = true;
      if (current === client) current = null;
      if (err && !stopped) log(`lost the connection that listens for other processes' changes (${err.message}); listening again`);
      client.end().catch(() => undefined);
      retry();
    };
    client.on('error', lose);
    client.on('end', () => lose());
    client.on('notification', (n) => {
      if (n.channel === channel && n.payload !== undefined) onMessage(n.payload);
    });
    try {
      await client.connect();
      await client.query(`listen ${client.escapeIdentifier(channel)}`);
    } catch (err) {
      return lose(err as Error);
    }
    if (stopped) return void client.end().catch(() => undefined);
    current = client;
    const gap = everListened || failures > 0;
    everListened = true;
    failures = 0;
    if (gap) onGap();
  }
  void start();
  return () => {
    stopped = true;
    clearTimeout(timer);
    current?.end().catch(() => undefined);
    current = null;
  };
}

function nonNegative(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return v !== undefined && v !== '' && Number.isInteger(n) && n >= 0 ? n : fallback;
}
