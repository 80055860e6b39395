import { Router } from 'express';
import type { Db } from '../db/db.ts';

// A load balancer or monitor polls this: answer within this time even while the database is
// gone (a statement would otherwise wait for it to come back, see pg_db.ts).
const TIMEOUT_MS = 2000;
// While the embedded database is busy (one connection, a heavy statement ahead of ours), answer
// from what was last known after this long rather than queue behind it: health stays under 100 ms.
const BUSY_ANSWER_MS = 20;
// The counts are a full count of three registers (seconds at millions of rows): counted again at
// most this often, in the background, never on a poll's way.
const COUNTS_FOR_MS = 10_000;

interface Counts {
  areas: number;
  households: number;
  facilities: number;
}

/**
 * GET /api/health: 200 `{ ok: true, … counts, counted_at }` while the database answers, 503
 * `{ ok: false, error }` while it does not (a restart); it turns back to 200 on its own once the
 * database does. Whether it answers is asked with Db.ping where the database has one (a PostGIS
 * server: a connection of its own, so that a busy pool does not hold the answer), else with the
 * count itself. While the embedded database is busy with heavy work (Db.activity), 200 `{ ok: true,
 * database: 'busy', … counts as last counted }` at once: busy is working, not down.
 */
export function healthRouter(db: Db): Router {
  const router = Router();
  let counting: Promise<Counts> | null = null;
  let known: { counts: Counts; at: string; ms: number } | null = null;
  let pinging: Promise<void> | null = null;
  // One count and one ping in flight at a time: polls meanwhile share them instead of piling up.
  const count = (): Promise<Counts> => {
    counting ??= db
      .query<Counts>(
        `select (select count(*) from area)::int as areas, (select count(*) from household)::int as households,
                (select count(*) from facility)::int as facilities`,
      )
      .then(([counts]) => {
        known = { counts, at: new Date().toISOString(), ms: Date.now() };
        return counts;
      })
      .finally(() => {
        counting = null;
      });
    return counting;
  };
  const ping = (): Promise<void> => {
    pinging ??= (db.ping ? db.ping() : count().then(() => undefined)).finally(() => {
      pinging = null;
    });
    return pinging;
  };
  const within = async <T>(p: Promise<T>, ms: number): Promise<{ value: T } | null> => {
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([p.then((value) => ({ value })), new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)))]).finally(() => clearTimeout(timer));
  };

  router.get('/', async (_req, res) => {
    const started = Date.now();
    const left = () => Math.max(0, TIMEOUT_MS - (Date.now() - started));
    if (!known || Date.now() - known.ms > COUNTS_FOR_MS) count().catch(() => undefined);
    const alive = ping();
    alive.catch(() => undefined);
    const counted = () => ({ ...(known?.counts ?? {}), counted_at: known?.at ?? null });
    try {
      let answer = await within(alive, BUSY_ANSWER_MS);
      const now = db.activity?.();
      if (!answer && now && now !== 'idle') {
        res.json({
          ok: true, driver: db.driver, capabilities: db.capabilities, database: now,
          note: now === 'busy' ? 'the database is busy with other work; counts as last counted' : 'the database is reopening after heavy work was stopped; counts as last counted',
          ...counted(),
        });
        return;
      }
      answer ??= await within(alive, left());
      if (!answer) throw new Error(`no answer within ${TIMEOUT_MS} ms`);
      // The first poll waits for the first count (the rest of its time); later ones never do.
      if (!known) await within(count(), left());
      res.json({ ok: true, driver: db.driver, capabilities: db.capabilities, ...counted() });
    } catch (err) {
      res.status(503).set('Retry-After', '2').json({ ok: false, driver: db.driver, error: `the database does not answer: ${err instanceof Error ? err.message : String(err)}` });
    }
  });
  return router;
}
