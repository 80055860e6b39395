import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { selectHouseholds } from '../db/queries/select_households.ts';
import { importPoints } from '../services/import_points.ts';
import { parseWith } from './validate.ts';
import { assignmentParam, csvBody, pageQuery, readPointImport } from './point_import_query.ts';

const listQuery = z.object({ within: z.string().optional(), assignment: assignmentParam, region: z.string().optional(), ...pageQuery });

/** /api/households: bulk import (GeoJSON or CSV) with assignment, and lists without personal data. */
export function householdsRouter(db: Db, config: { bodyLimit: string }): Router {
  const router = Router();

  router.post('/import', csvBody(config.bodyLimit), async (req, res) => {
    const { body, options } = readPointImport(req);
    res.status(201).json(await importPoints(db, 'household', body, options));
  });

  router.get('/', async (req, res) => {
    const q = parseWith(listQuery, req.query, 'query');
    res.json({ households: await selectHouseholds(db, q) });
  });

  return router;
}
