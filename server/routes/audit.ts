import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { selectAudit } from '../db/queries/select_audit.ts';
import { requirePermission } from './access.ts';
import { parseWith } from './validate.ts';

const filters = z.object({
  who: z.string().optional(),
  what: z.string().optional(),
  entity: z.string().optional(),
  area: z.string().optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  before: z.coerce.number().int().positive().optional(),
});

/** The append-only audit log, newest first, for administrators. */
export function auditRouter(db: Db): Router {
  const router = Router();
  router.get('/', requirePermission(db, 'audit.read'), async (req, res) => {
    const f = parseWith(filters, req.query, 'query');
    res.json(await selectAudit(db, { actor: f.who, action: f.what, entity: f.entity, area: f.area, from: f.from, to: f.to, limit: f.limit, before: f.before }));
  });
  return router;
}
