import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { NotFoundError } from '../errors.ts';
import { can } from '../domain/access/can.ts';
import { suppressSmallGroups } from '../domain/access/suppress_small_groups.ts';
import { selectAreaAncestry } from '../db/queries/select_area_ancestry.ts';
import { selectAreaSummary } from '../db/queries/select_area_summary.ts';
import { selectFacilities } from '../db/queries/select_facilities.ts';
import { selectHouseholds } from '../db/queries/select_households.ts';
import { kAnonymity, paramArea, requirePermission, scopeOf } from './access.ts';
import { parseWith } from './validate.ts';
import { assignmentParam, pageQuery } from './point_import_query.ts';

const listQuery = z.object({ assignment: assignmentParam, ...pageQuery });
const codeParam = paramArea('code');

/**
 * What a cell holds, mounted at /api/areas beside the areas router: its households, facilities
 * and the counts of its card (households, people, floating population, special-care groups,
 * facilities by category, staff by role, party organisations). Lists need households.read there
 * (names and phones households.personal); the card needs areas.read, and its special-care counts
 * are suppressed below k households for callers without households.personal there.
 */
export function areaRegistersRouter(db: Db): Router {
  const router = Router();

  router.get('/:code/households', requirePermission(db, 'households.read', codeParam), async (req, res) => {
    const q = parseWith(listQuery, req.query, 'query');
    const personal = scopeOf(req, 'households.personal');
    const households = await selectHouseholds(db, { ...q, within: req.params.code as string, scope: scopeOf(req, 'households.read') }, personal?.length === 0 ? undefined : { scope: personal });
    res.json({ area: req.params.code, households });
  });

  router.get('/:code/facilities', requirePermission(db, 'households.read', codeParam), async (req, res) => {
    const q = parseWith(listQuery.extend({ category: z.string().optional() }), req.query, 'query');
    res.json({ area: req.params.code, facilities: await selectFacilities(db, { ...q, within: req.params.code as string, scope: scopeOf(req, 'households.read') }) });
  });

  router.get('/:code/summary', requirePermission(db, 'areas.read', codeParam), async (req, res) => {
    const summary = await selectAreaSummary(db, req.params.code as string);
    if (!summary) throw new NotFoundError(`No area has code "${req.params.code}".`);
    const path = await selectAreaAncestry(db, req.params.code as string);
    const personal = path !== undefined && can(req.principal ?? null, 'households.personal', path);
    res.json(personal ? summary : { ...summary, flags: suppressSmallGroups(summary.flags, kAnonymity()), flags_suppressed_below: kAnonymity() });
  });

  return router;
}
