import type { Worker } from 'node:worker_threads';
import type { Db, Queryable } from './db.ts';
import { deserializeError, type PgliteRequest, type PgliteResponse } from './pglite_protocol.ts';
import { currentStatementLimits, throwIfStopped, type StatementLimits } from './statement_limits.ts';
import { startWorker } from '../workers/start_worker.ts';

type Outgoing = PgliteRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  limits?: StatementLimits;
}

export interface PgliteDbOptions {
  /** How long close() waits for running statements before it stops the worker (ms). */
  closeGraceMs?: number;
  log?: (message: string) => void;
}

/** A lost-connection error (SQLSTATE 57P01), which routes answer as a 503 the client may retry. */
function unavailable(why: string): Error {
  return Object.assign(new Error(`The embedded database was restarted (${why}); the statement did not complete, retry.`), { code: '57P01' });
}

/**
 * Opens (or creates) the embedded PostGIS in `dataDir`, in a worker thread (pglite_worker.ts), so
 * that its statements never run on the thread that answers HTTP. PGlite is a single connection:
 * it queues statements itself, and a transaction holds the connection until it ends.
 *
 * Heavy work's statements carry limits (statement_limits.ts). PGlite has no statement_timeout that
 * stops WebAssembly mid-statement, so when a limited statement is still running as its limits
 * abort, the worker is terminated and a new one opens the same files: PostgreSQL's crash recovery
 * rolls back whatever was uncommitted, the heavy work fails with its limit's error, and any other
 * statement that was in flight fails as a 503 to retry.
 */
export async function openPgliteDb(dataDir: string, options: PgliteDbOptions = {}): Promise<Db> {
  const log = options.log ?? ((m: string) => console.warn(m));
  const closeGraceMs = options.closeGraceMs ?? 5000;
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let worker!: Worker;
  let generation = 0;
  let restarting = false;
  let closed = false;

  function failAll(why: string): void {
    for (const [id, p] of pending) {
      pending.delete(id);
      p.reject(p.limits?.signal.aborted ? p.limits.signal.reason : unavailable(why));
    }
  }

  function spawn(): Promise<void> {
    const w = startWorker(new URL('./pglite_worker.ts', import.meta.url), { dataDir });
    worker = w;
    const gen = ++generation;
    return new Promise<void>((resolve, reject) => {
      w.on('message', (m: PgliteResponse) => {
        if (m.id === 0) return m.ok ? resolve() : reject(deserializeError(m.error));
        const p = pending.get(m.id);
        if (!p) return;
        pending.delete(m.id);
        if (m.ok) p.resolve(m.value);
        else p.reject(deserializeError(m.error));
      });
      w.on('error', (err) => {
        reject(err);
        if (gen === generation && !restarting && !closed) log(`the embedded database's worker failed: ${err.message}`);
      });
      w.on('exit', (code) => {
        reject(new Error(`the embedded database's worker exited (code ${code}) before it was ready`));
        if (gen !== generation || restarting || closed) return;
        // A crash (out of memory in WebAssembly): open it again for the statements to come.
        log(`the embedded database's worker exited (code ${code}); opening it again`);
        failAll('its worker exited');
        ready = spawn();
        ready.catch((err) => log(`the embedded database could not be opened again: ${err.message}`));
      });
    });
  }

  let ready = spawn();
  await ready;

  /** Stops whatever the worker runs, and opens the database again in a new one. */
  function restart(why: string): void {
    if (restarting || closed) return;
    restarting = true;
    log(`stopping the embedded database's worker: ${why}; opening it again`);
    const old = worker;
    failAll(why);
    ready = old
      .terminate()
      .then(() => spawn())
      .finally(() => {
        restarting = false;
      });
    ready.catch((err) => log(`the embedded database could not be opened again: ${err.message}`));
  }

  async function send(msg: Outgoing, limits?: StatementLimits): Promise<unknown> {
    throwIfStopped(limits);
    await ready;
    throwIfStopped(limits);
    const id = ++nextId;
    const answer = new Promise<unknown>((resolve, reject) => pending.set(id, { resolve, reject, limits }));
    worker.postMessage({ ...msg, id } as PgliteRequest);
    if (!limits) return answer;
    const stop = () => {
      if (pending.has(id)) restart(`a statement of heavy work ran past its limit: ${String((limits.signal.reason as Error)?.message ?? limits.signal.reason)}`);
    };
    limits.signal.addEventListener('abort', stop, { once: true });
    try {
      return await answer;
    } finally {
      limits.signal.removeEventListener('abort', stop);
    }
  }

  const db: Db = {
    driver: 'pglite',
    capabilities: { asMvt: false, coverageFunctions: false, postgisVersion: '' },
    query: async <R>(sql: string, params?: unknown[]) => (await send({ op: 'query', sql, params }, currentStatementLimits())) as R[],
    exec: async (sql: string) => void (await send({ op: 'exec', sql }, currentStatementLimits())),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const limits = currentStatementLimits();
      const txId = (await send({ op: 'begin' }, limits)) as number;
      const gen = generation;
      const sendIn = (msg: Outgoing) => {
        if (gen !== generation) return Promise.reject(unavailable('the transaction was lost with the worker'));
        return send(msg, currentStatementLimits() ?? limits);
      };
      const tx: Queryable = {
        query: async <R>(sql: string, params?: unknown[]) => (await sendIn({ op: 'query', sql, params, tx: txId })) as R[],
        exec: async (sql: string) => void (await sendIn({ op: 'exec', sql, tx: txId })),
      };
      let result: T;
      try {
        result = await fn(tx);
      } catch (err) {
        if (gen === generation) await send({ op: 'end', tx: txId, commit: false }).catch(() => undefined);
        throw err;
      }
      if (gen !== generation) throw unavailable('the transaction was lost with the worker');
      await send({ op: 'end', tx: txId, commit: true });
      return result;
    },
    activity: () => (restarting ? 'restarting' : pending.size > 0 ? 'busy' : 'idle'),
    async close() {
      if (closed) return;
      closed = true;
      // Let what runs finish (a write commits) for a while; then stop it: the files roll it back.
      const ended = ready.then(() => send({ op: 'close' })).catch(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), closeGraceMs)));
      const late = (await Promise.race([ended, grace])) === 'late';
      clearTimeout(timer);
      if (late) log(`the embedded database did not close within ${closeGraceMs} ms; stopping it (what it was writing rolls back)`);
      failAll('it is closing');
      await worker.terminate();
    },
  };
  return db;
}
