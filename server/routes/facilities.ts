import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { selectFacilities } from '../db/queries/select_facilities.ts';
import { importPoints } from '../services/import_points.ts';
import { queryArea, requirePermission, scopeOf } from './access.ts';
import { parseWith } from './validate.ts';
import type { RunHeavy } from './heavy_work.ts';
import { assignmentParam, auditPointImport, csvBody, pageQuery, readPointImport } from './point_import_query.ts';

const listQuery = z.object({ within: z.string().optional(), assignment: assignmentParam, region: z.string().optional(), category: z.string().optional(), ...pageQuery });

/** /api/facilities: bulk import (GeoJSON or CSV) with assignment, and lists of the caller's subtrees. */
export function facilitiesRouter(db: Db, config: { bodyLimit: string; heavy: RunHeavy }): Router {
  const router = Router();

  router.post('/import', requirePermission(db, 'households.write'), csvBody(config.bodyLimit), async (req, res) => {
    const { body, options } = readPointImport(req);
    res.status(201).json(await config.heavy(req, res, 'the facility import', () => importPoints(db, 'facility', body, { ...options, beforeWrite: auditPointImport(req, 'facility') })));
  });

  router.get('/', requirePermission(db, 'households.read', queryArea('within')), async (req, res) => {
    const q = parseWith(listQuery, req.query, 'query');
    res.json({ facilities: await selectFacilities(db, { ...q, scope: scopeOf(req, 'households.read') }) });
  });

  return router;
}
