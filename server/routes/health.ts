import { Router } from 'express';
import type { Db } from '../db/db.ts';

// A load balancer or monitor polls this: answer within this time even while the database is
// gone (a statement would otherwise wait for it to come back, see pg_db.ts).
const TIMEOUT_MS = 2000;

/**
 * GET /api/health: 200 `{ ok: true, … counts }` while the database answers, 503 `{ ok: false,
 * error }` while it does not (a restart); it turns back to 200 on its own once the database does.
 */
export function healthRouter(db: Db): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const [counts] = await Promise.race([
        db.query<{ areas: number; households: number; facilities: number }>(
          `select (select count(*) from area)::int as areas, (select count(*) from household)::int as households,
                  (select count(*) from facility)::int as facilities`,
        ),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
        }),
      ]);
      res.json({ ok: true, driver: db.driver, capabilities: db.capabilities, ...counts });
    } catch (err) {
      res.status(503).set('Retry-After', '2').json({ ok: false, driver: db.driver, error: `the database does not answer: ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      clearTimeout(timer);
    }
  });
  return router;
}
