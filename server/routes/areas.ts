import express, { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import { selectScopeOutline } from '../db/queries/select_scope_outline.ts';
import { selectAreasBeyond } from '../db/queries/select_areas_beyond.ts';
import { selectArea } from '../db/queries/select_area.ts';
import { selectAreasGeojson } from '../db/queries/select_areas_geojson.ts';
import { insertAudit } from '../db/queries/insert_audit.ts';
import { importAreas } from '../services/import_areas.ts';
import { runInWorker } from '../workers/run_in_worker.ts';
import { parseAreaFeatures, type AreaMapping } from '../domain/parse_area_features.ts';
import { actorOf, assertAreasInScope, commonAreaOf, paramArea, queryArea, requirePermission, scopeOf } from './access.ts';
import { bboxParam, parseWith } from './validate.ts';
import { checkVertexLimits, type VertexLimits } from '../domain/check_vertex_limits.ts';
import type { RunHeavy } from './heavy_work.ts';

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
  // The coordinate system, over what the file says: EPSG:4549, cgcs2000, gcj02, bd09, a PROJ string.
  srs: z.string().max(4000).optional(),
  // The file's name, when the body is a file (a hint for the format; the bytes decide).
  filename: z.string().max(255).optional(),
});

/** The codes a FeatureCollection names; none when it cannot be read (the import then says what is wrong). */
function namedCodes(body: unknown, mapping: AreaMapping): string[] {
  try {
    return parseAreaFeatures(body, mapping).areas.map((a) => a.code);
  } catch {
    return [];
  }
}

/** Each feature's geometry with its index and code, as far as the body has them (for the vertex limits). */
function featureGeometries(body: unknown, mapping: AreaMapping): { index: number; code?: string; geometry: unknown }[] {
  const features = (body as { features?: unknown })?.features;
  if (!Array.isArray(features)) return [];
  return features.map((f: { properties?: Record<string, unknown>; geometry?: unknown } | null, index) => {
    const code = mapping.code ?? f?.properties?.[mapping.codeField ?? 'code'];
    return { index, code: typeof code === 'string' || typeof code === 'number' ? String(code) : undefined, geometry: f?.geometry };
  });
}

/**
 * /api/areas: the area tree as GeoJSON, one area, and imports; each caller sees their subtrees
 * only. An import runs as heavy work: the file is read (any format of AREA_FILE_TYPES) and
 * brought to WGS84 in a worker thread, refused over the vertex limits, then written in one
 * transaction. The answer says the format and the coordinate system read or guessed.
 */
export function areasRouter(db: Db, { heavy, vertexLimits, bodyLimit }: { heavy: RunHeavy; vertexLimits: VertexLimits; bodyLimit: string }): Router {
  const router = Router();
  // Files (Shapefile zips, GeoPackages, KML/KMZ, DXF, text sequences) arrive as bytes; JSON was
  // parsed by jsonBody already.
  const rawFile = express.raw({ type: (req) => !/json$/.test((req.headers['content-type'] ?? '').split(';')[0].trim()), limit: bodyLimit });

  router.get('/', requirePermission(db, 'areas.read', queryArea('within')), requirePermission(db, 'areas.read', queryArea('parent')), async (req, res) => {
    const q = parseWith(listQuery, req.query, 'query');
    const filter = { ...q, scope: scopeOf(req, 'areas.read') };
    res.type('application/geo+json').send(await selectAreasGeojson(db, filter, q.at));
  });

  router.get('/:code', requirePermission(db, 'areas.read', paramArea('code')), async (req, res) => {
    const area = await selectArea(db, req.params.code as string);
    if (!area) throw new NotFoundError(`No area has code "${req.params.code}".`);
    res.json(area);
  });

  router.post('/import', requirePermission(db, 'areas.write'), rawFile, async (req, res) => {
    const q = parseWith(importQuery, req.query, 'query');
    const mapping = {
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
    };
    const contentType = req.headers['content-type'];
    const file = Buffer.isBuffer(req.body)
      ? { bytes: new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.byteLength), contentType, filename: q.filename ?? filenameOf(req.headers['content-disposition']), object: q.object }
      : { json: req.body, contentType, filename: q.filename, object: q.object };
    const scope = scopeOf(req, 'areas.write');
    const result = await heavy(req, res, 'the area import', async () => {
      // Unzipping, parsing and reprojecting run off the HTTP thread (domain_tasks.ts).
      const read = await runInWorker('readAreasInWgs84', { file, srs: q.srs });
      const body = read.collection;
      checkVertexLimits(featureGeometries(body, mapping), vertexLimits, 'Area import');
      // Areas that exist already must lie in the caller's subtrees before an upsert may replace or
      // move them; where the written areas land is checked inside the import's transaction.
      if (scope !== null) await assertAreasInScope(db, req.principal, 'areas.write', namedCodes(body, mapping));
      // The ground a caller held to subtrees may draw on: their areas' outlines as they are before
      // the import (an area drawn over the community next door would take its households at the
      // next re-assignment, whatever its code or parent says).
      const ground = scope === null ? null : await selectScopeOutline(db, scope);
      const written = await importAreas(db, body, {
        ...mapping,
        mode: q.mode,
        parentLevel: q.parent_level,
        allowInvalid: q.allow_invalid === 'true',
        beforeCommit: async (tx, written) => {
          await assertAreasInScope(tx, req.principal, 'areas.write', written.codes);
          if (scope !== null) {
            const beyond = await selectAreasBeyond(tx, written.codes, ground);
            if (beyond.length) {
              const list = beyond.slice(0, 5).map((b) => `${b.code} (${Math.round(b.beyond_m2)} m²)`).join(', ');
              throw new ForbiddenError(`Your roles do not allow areas.write beyond your areas' outlines: ${list}${beyond.length > 5 ? ` and ${beyond.length - 5} more` : ''} reach outside them. Draw within your areas. Nothing was written.`);
            }
          }
          await insertAudit(tx, {
            actor: actorOf(req),
            action: 'areas.import',
            entity: 'area',
            entityId: written.codes.length === 1 ? written.codes[0] : null,
            areaCode: await commonAreaOf(tx, written.codes),
            after: { mode: q.mode ?? 'insert', format: read.format, crs: read.crs.name, written: written.written, repathed: written.repathed, invalid: written.invalid.length, codes: written.codes.slice(0, 1000) },
          });
        },
      });
      return { ...written, format: read.format, crs: read.crs };
    });
    res.status(201).json(result);
  });

  return router;
}

/** The file name a Content-Disposition header gives (`attachment; filename="grids.zip"`), if any. */
function filenameOf(disposition: string | undefined): string | undefined {
  return disposition ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] : undefined;
}
