import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { NotFoundError } from '../errors.ts';
import { selectArea } from '../db/queries/select_area.ts';
import { selectAreaSummary } from '../db/queries/select_area_summary.ts';
import { selectFacilities } from '../db/queries/select_facilities.ts';
import { selectHouseholds } from '../db/queries/select_households.ts';
import { parseWith } from './validate.ts';
import { assignmentParam, pageQuery } from './point_import_query.ts';

const listQuery = z.object({ assignment: assignmentParam, ...pageQuery });

/**
 * What a cell holds, mounted at /api/areas beside the areas router: its households, facilities
 * and the counts of its card (households, people, floating population, special-care groups,
 * facilities by category, staff by role, party organisations).
 */
export function areaRegistersRouter(db: Db): Router {
  const router = Router();

  const mustExist = async (code: string) => {
    if (!(await selectArea(db, code))) throw new NotFoundError(`No area has code "${code}".`);
  };

  router.get('/:code/households', async (req, res) => {
    const q = parseWith(listQuery, req.query, 'query');
    await mustExist(req.params.code);
    res.json({ area: req.params.code, households: await selectHouseholds(db, { ...q, within: req.params.code }) });
  });

  router.get('/:code/facilities', async (req, res) => {
    const q = parseWith(listQuery.extend({ category: z.string().optional() }), req.query, 'query');
    await mustExist(req.params.code);
    res.json({ area: req.params.code, facilities: await selectFacilities(db, { ...q, within: req.params.code }) });
  });

  router.get('/:code/summary', async (req, res) => {
    const summary = await selectAreaSummary(db, req.params.code);
    if (!summary) throw new NotFoundError(`No area has code "${req.params.code}".`);
    res.json(summary);
  });

  return router;
}
