import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { NotFoundError } from '../errors.ts';
import { scopeCodes } from '../domain/access/can.ts';
import { selectPlanVersions } from '../db/queries/select_plan_versions.ts';
import { selectAreasGeojson } from '../db/queries/select_areas_geojson.ts';
import { requirePermission } from './access.ts';
import { parseWith } from './validate.ts';
import { recordId } from './record_id.ts';

const exportQuery = z.object({ level: z.string().optional() });

/**
 * Published versions of the area tree (one per published plan), newest first, and each one's
 * areas as they stood when it was published (from the area history).
 */
export function versionsRouter(db: Db): Router {
  const router = Router();
  router.get('/', requirePermission(db, 'areas.read'), async (req, res) => {
    res.json({ versions: await selectPlanVersions(db, scopeCodes(req.principal ?? null, 'areas.read')) });
  });
  router.get('/:id/areas', requirePermission(db, 'areas.read'), async (req, res) => {
    const q = parseWith(exportQuery, req.query, 'query');
    const id = recordId(req.params.id, `No version ${req.params.id}: GET /api/versions lists them.`);
    const [version] = await selectPlanVersions(db, scopeCodes(req.principal ?? null, 'areas.read'), id);
    if (!version) throw new NotFoundError(`No version ${req.params.id}: GET /api/versions lists them.`);
    res
      .type('application/geo+json')
      .attachment(`version_${version.id}_${version.root}.geojson`)
      .send(await selectAreasGeojson(db, { within: version.root, level: q.level }, version.published_at));
  });
  return router;
}
