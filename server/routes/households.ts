import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { selectHouseholds } from '../db/queries/select_households.ts';
import { importPoints } from '../services/import_points.ts';
import { queryArea, requirePermission, scopeOf } from './access.ts';
import { parseWith } from './validate.ts';
import type { RunHeavy } from './heavy_work.ts';
import { assignmentParam, auditPointImport, csvBody, pageQuery, readPointImport } from './point_import_query.ts';

const listQuery = z.object({ within: z.string().optional(), assignment: assignmentParam, region: z.string().optional(), ...pageQuery });

/**
 * /api/households: bulk import (GeoJSON or CSV) with assignment, and lists of the caller's
 * subtrees; the head's name and phone only for callers with households.personal there.
 */
export function householdsRouter(db: Db, config: { bodyLimit: string; heavy: RunHeavy }): Router {
  const router = Router();

  router.post('/import', requirePermission(db, 'households.write'), csvBody(config.bodyLimit), async (req, res) => {
    const { body, options } = readPointImport(req);
    res.status(201).json(await config.heavy(req, res, 'the household import', () => importPoints(db, 'household', body, { ...options, beforeWrite: auditPointImport(req, 'household') })));
  });

  router.get('/', requirePermission(db, 'households.read', queryArea('within')), async (req, res) => {
    const q = parseWith(listQuery, req.query, 'query');
    const personal = scopeOf(req, 'households.personal');
    res.json({ households: await selectHouseholds(db, { ...q, scope: scopeOf(req, 'households.read') }, personal?.length === 0 ? undefined : { scope: personal }) });
  });

  return router;
}
