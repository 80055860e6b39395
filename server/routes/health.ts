import { Router } from 'express';
import type { Db } from '../db/db.ts';

export function healthRouter(db: Db): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const [counts] = await db.query<{ areas: number; households: number; facilities: number }>(
      `select (select count(*) from area)::int as areas, (select count(*) from household)::int as households,
              (select count(*) from facility)::int as facilities`,
    );
    res.json({ ok: true, driver: db.driver, capabilities: db.capabilities, ...counts });
  });
  return router;
}
