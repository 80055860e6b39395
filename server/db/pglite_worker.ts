/**
 * The embedded PostGIS in a worker thread of its own (started by pglite_db.ts). PGlite runs
 * PostgreSQL compiled to WebAssembly on the thread that calls it: on the thread that answers HTTP,
 * one heavy statement (an overlay of a large polygon) stopped every request, /api/health included,
 * and nothing short of ending the thread could stop it. Here it blocks only this thread, and the
 * main thread stops it by terminating the worker (see pglite_db.ts).
 *
 * Messages in: query / exec (optionally inside an open transaction), begin, end (commit or roll
 * back), close. Each is answered once with its id: `{ id, ok: true, value }` or `{ id, ok: false, error }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { serializeError, type PgliteRequest, type PgliteResponse } from './pglite_protocol.ts';

// A statement that must describe its result columns: a select, or a write that returns rows.
const RETURNS_ROWS = /^\s*(select|with)\b|\breturning\b/i;

// Counts (int8) and numerics come back as JS numbers on both drivers, so that rows look the same
// whichever database answered. Our int8 values are counts and sums, far below 2^53.
const parsers = { [types.INT8]: Number, [types.NUMERIC]: Number };

const port = parentPort!;
const { dataDir } = workerData as { dataDir: string };

class RollBack extends Error {}

async function main(): Promise<void> {
  let pg: PGlite;
  try {
    pg = await PGlite.create(dataDir, { extensions: { postgis }, parsers });
  } catch (err) {
    port.postMessage({ id: 0, ok: false, error: serializeError(err) } satisfies PgliteResponse);
    return;
  }
  const open = new Map<number, { tx: Transaction; end: (commit: boolean) => void; done: Promise<unknown> }>();
  const reply = (id: number, work: Promise<unknown>) =>
    work.then(
      (value) => port.postMessage({ id, ok: true, value } satisfies PgliteResponse),
      (err) => port.postMessage({ id, ok: false, error: serializeError(err) } satisfies PgliteResponse),
    );
  const on = (tx: number | undefined): Pick<PGlite, 'query' | 'exec'> => {
    if (tx === undefined) return pg;
    const held = open.get(tx);
    if (!held) throw new Error(`transaction ${tx} is not open in the embedded database`);
    return held.tx;
  };

  port.on('message', (msg: PgliteRequest) => {
    switch (msg.op) {
      case 'query':
        return reply(msg.id, (async () => {
          const result = await on(msg.tx).query(msg.sql, msg.params);
          // When GEOS inside PGlite's WebAssembly fails an overlay (it cannot retry as native GEOS
          // does), the query comes back with no rows, no columns and no error. An empty select still
          // describes its columns, so no columns at all means the answer was lost: refuse it rather
          // than return a wrong, empty one.
          if (result.fields.length === 0 && RETURNS_ROWS.test(msg.sql)) {
            throw new Error(`The embedded PostGIS returned no result and no error for a query that must return rows (a GEOS failure inside PGlite): ${msg.sql.trim().slice(0, 120)}…`);
          }
          return result.rows;
        })());
      case 'exec':
        return reply(msg.id, (async () => void (await on(msg.tx).exec(msg.sql)))());
      case 'begin': {
        // The transaction holds PGlite's connection until 'end' arrives; statements outside it
        // wait in PGlite's own queue meanwhile, as they did in the main thread.
        let end!: (commit: boolean) => void;
        const ending = new Promise<boolean>((resolve) => (end = resolve));
        let started = false;
        const done = pg.transaction(async (tx) => {
          open.set(msg.id, { tx, end, done });
          started = true;
          port.postMessage({ id: msg.id, ok: true, value: msg.id } satisfies PgliteResponse);
          if (!(await ending)) throw new RollBack();
        });
        done.catch((err) => {
          if (!started) port.postMessage({ id: msg.id, ok: false, error: serializeError(err) } satisfies PgliteResponse);
        });
        return;
      }
      case 'end': {
        const held = open.get(msg.tx);
        if (!held) return reply(msg.id, Promise.reject(new Error(`transaction ${msg.tx} is not open in the embedded database`)));
        open.delete(msg.tx);
        held.end(msg.commit);
        return reply(msg.id, held.done.catch((err) => {
          if (!(err instanceof RollBack)) throw err;
        }));
      }
      case 'close':
        return reply(msg.id, pg.close()); // the main thread then ends this worker
    }
  });
  port.postMessage({ id: 0, ok: true, value: 'ready' } satisfies PgliteResponse);
}

void main();
