import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import type { VisitRow } from '../db/queries/select_visit.ts';
import { can } from '../domain/access/can.ts';
import { ForbiddenError } from '../errors.ts';
import { recordVisit } from '../services/patrols/record_visit.ts';
import { requirePermission } from './access.ts';
import { parseWith } from './validate.ts';

const clientId = z.string().regex(/^[A-Za-z0-9._:@-]{1,128}$/, 'an id is 1–128 letters, digits or . _ : @ -');
const isoTime = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());
const visitBody = z
  .strictObject({
    id: clientId.optional(),
    unit: z.string().min(1).optional(),
    household: z.string().min(1).max(200).optional(),
    patrol_id: clientId.optional(),
    note: z.string().trim().min(1, 'say what the visit found').max(4000),
    visited_at: isoTime.optional(),
    media: z.array(clientId).max(9, 'at most 9 photos').refine((ids) => new Set(ids).size === ids.length, 'a photo is named twice').default([]),
  })
  .refine((v) => (v.unit === undefined) !== (v.household === undefined), { message: 'name either the unit (its code) or the household (its id) visited', path: ['unit'] });

function visitView(v: VisitRow) {
  return { id: v.id, unit: v.unit_code, unit_name: v.unit_name, household: v.household_id, patrol_id: v.patrol_id, note: v.note, visited_at: v.visited_at, media: v.media };
}

/** POST /api/visits: a visit (走访) logged where the walker may record patrols. */
export function visitsRouter(db: Db): Router {
  const router = Router();
  router.post('/', requirePermission(db, 'patrols.record'), async (req, res) => {
    const body = parseWith(visitBody, req.body, 'body');
    const { created, visit } = await recordVisit(
      db,
      req.principal!,
      { id: body.id, unit: body.unit, household: body.household, patrolId: body.patrol_id, note: body.note, visitedAt: body.visited_at, media: body.media },
      (path) => {
        if (!can(req.principal ?? null, 'patrols.record', path)) throw new ForbiddenError(`Your roles do not allow patrols.record in unit ${path[path.length - 1]}: it lies outside your areas.`);
      },
    );
    res.status(created ? 201 : 200).location(`/api/visits/${encodeURIComponent(visit.id)}`).json(visitView(visit));
  });
  return router;
}
