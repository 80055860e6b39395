import { Router } from 'express';
import type { Db } from '../db/db.ts';

// A load balancer or monitor polls this: answer within this time even while the database is
// gone (a statement would otherwise wait for it to come back, see pg_db.ts).
const TIMEOUT_MS = 2000;
// While the embedded database is busy (one connection, a heavy statement ahead of ours), answer
// from what was last counted after this long rather than queue behind it: health stays under 100 ms.
const BUSY_ANSWER_MS = 20;

interface Counts {
  areas: number;
  households: number;
  facilities: number;
}

/**
 * GET /api/health: 200 `{ ok: true, … counts }` while the database answers, 503 `{ ok: false,
 * error }` while it does not (a restart); it turns back to 200 on its own once the database does.
 * While the database is busy with heavy work (Db.activity), 200 `{ ok: true, database: 'busy',
 * … counts as last counted, counted_at }` at once: busy is working, not down.
 */
export function healthRouter(db: Db): Router {
  const router = Router();
  let asking: Promise<Counts> | null = null;
  let known: { counts: Counts; at: string } | null = null;
  // One count in flight at a time: polls while the database is busy share it instead of piling up.
  const count = (): Promise<Counts> => {
    asking ??= db
      .query<Counts>(
        `select (select count(*) from area)::int as areas, (select count(*) from household)::int as households,
                (select count(*) from facility)::int as facilities`,
      )
      .then(([counts]) => {
        known = { counts, at: new Date().toISOString() };
        return counts;
      })
      .finally(() => {
        asking = null;
      });
    return asking;
  };

  router.get('/', async (_req, res) => {
    const started = Date.now();
    const counting = count();
    counting.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const within = (ms: number) =>
      Promise.race([
        counting.then((counts) => ({ counts })),
        new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), ms);
        }),
      ]).finally(() => clearTimeout(timer));
    try {
      let answer = await within(BUSY_ANSWER_MS);
      const now = db.activity?.();
      if (!answer && now && now !== 'idle') {
        res.json({
          ok: true, driver: db.driver, capabilities: db.capabilities, database: now,
          note: now === 'busy' ? 'the database is busy with other work; counts as last counted' : 'the database is reopening after heavy work was stopped; counts as last counted',
          ...(known?.counts ?? {}), counted_at: known?.at ?? null,
        });
        return;
      }
      answer ??= await within(Math.max(0, TIMEOUT_MS - (Date.now() - started)));
      if (!answer) throw new Error(`no answer within ${TIMEOUT_MS} ms`);
      res.json({ ok: true, driver: db.driver, capabilities: db.capabilities, ...answer.counts });
    } catch (err) {
      res.status(503).set('Retry-After', '2').json({ ok: false, driver: db.driver, error: `the database does not answer: ${err instanceof Error ? err.message : String(err)}` });
    }
  });
  return router;
}
