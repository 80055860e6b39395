import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { NotFoundError } from '../errors.ts';
import { selectArea } from '../db/queries/select_area.ts';
import { selectAreasGeojson } from '../db/queries/select_areas_geojson.ts';
import { selectAreaHistoryGeojson } from '../db/queries/select_area_history_geojson.ts';
import { importAreas } from '../services/import_areas.ts';
import { isTopology, readTopojson } from '../domain/read_topojson.ts';
import { bboxParam, parseWith } from './validate.ts';

const listQuery = z.object({
  level: z.string().optional(),
  parent: z.string().optional(),
  within: z.string().optional(),
  bbox: bboxParam.optional(),
  limit: z.coerce.number().int().positive().max(100_000).optional(),
  // The published tree as it stood at this instant (area_history): empty before the first state.
  at: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
});

const importQuery = z.object({
  mode: z.enum(['insert', 'upsert']).optional(),
  code_field: z.string().optional(),
  name_field: z.string().optional(),
  level_field: z.string().optional(),
  parent_field: z.string().optional(),
  kind_field: z.string().optional(),
  code: z.string().optional(),
  name: z.string().optional(),
  level: z.string().optional(),
  parent: z.string().optional(),
  kind: z.string().optional(),
  parent_level: z.string().optional(),
  allow_invalid: z.enum(['true', 'false']).optional(),
  object: z.string().optional(),
});

export function areasRouter(db: Db): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const q = parseWith(listQuery, req.query, 'query');
    res.type('application/geo+json').send(q.at ? await selectAreaHistoryGeojson(db, q.at, q) : await selectAreasGeojson(db, q));
  });

  router.get('/:code', async (req, res) => {
    const area = await selectArea(db, req.params.code);
    if (!area) throw new NotFoundError(`No area has code "${req.params.code}".`);
    res.json(area);
  });

  router.post('/import', async (req, res) => {
    const q = parseWith(importQuery, req.query, 'query');
    const body = isTopology(req.body) ? readTopojson(req.body, q.object) : req.body;
    const result = await importAreas(db, body, {
      mode: q.mode,
      codeField: q.code_field,
      nameField: q.name_field,
      levelField: q.level_field,
      parentField: q.parent_field,
      kindField: q.kind_field,
      code: q.code,
      name: q.name,
      level: q.level,
      parent: q.parent,
      kind: q.kind,
      parentLevel: q.parent_level,
      allowInvalid: q.allow_invalid === 'true',
    });
    res.status(201).json(result);
  });

  return router;
}
