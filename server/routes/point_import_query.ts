import express, { type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Queryable } from '../db/db.ts';
import { ForbiddenError, ValidationError } from '../errors.ts';
import { decodeText } from '../domain/decode_text.ts';
import { scopeCodes } from '../domain/access/can.ts';
import { inScope } from '../domain/access/in_scope.ts';
import { commonAncestor } from '../domain/access/common_ancestor.ts';
import { insertAudit } from '../db/queries/insert_audit.ts';
import { selectPointCellPaths } from '../db/queries/select_point_cell_paths.ts';
import { actorOf } from './access.ts';
import type { ImportPointsOptions } from '../services/import_points.ts';
import { parseWith } from './validate.ts';

/** Query parameters of POST /api/households/import and /api/facilities/import. */
const importQuery = z.object({
  crs: z.string().optional(),
  on_error: z.enum(['refuse', 'skip']).optional(),
  region: z.string().optional(),
  near_edge_m: z.coerce.number().min(0).max(1000).optional(),
  id_field: z.string().optional(),
  lon_field: z.string().optional(),
  lat_field: z.string().optional(),
  address_field: z.string().optional(),
  people_field: z.string().optional(),
  floating_field: z.string().optional(),
  flags_field: z.string().optional(),
  name_field: z.string().optional(),
  category_field: z.string().optional(),
  head_name_field: z.string().optional(),
  phone_field: z.string().optional(),
});

/**
 * CSV bodies arrive as bytes and become text here, in an encoding decided by decodeText (UTF-8,
 * a declared charset, or GBK/GB18030 recognised as Chinese text) or refused with a 400 naming the
 * line; GeoJSON arrives as JSON (parsed by the app).
 */
export function csvBody(limit: string): RequestHandler {
  const raw = express.raw({ type: ['text/csv', 'application/csv', 'text/plain'], limit });
  return (req, res, next) =>
    raw(req, res, (err?: unknown) => {
      if (err || !Buffer.isBuffer(req.body)) return next(err);
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1];
      const decoded = decodeText(req.body, charset);
      if ('problem' in decoded) {
        return next(decoded.status === 415 ? Object.assign(new Error(decoded.message), { status: 415, type: 'charset.unsupported' }) : new ValidationError(decoded.message, [decoded.problem]));
      }
      req.body = decoded.text;
      next();
    });
}

/** The body (GeoJSON or CSV) and options of a point import request. */
export function readPointImport(req: Request): { body: { geojson: unknown } | { csv: string }; options: ImportPointsOptions } {
  const q = parseWith(importQuery, req.query, 'query');
  const body = typeof req.body === 'string' ? { csv: req.body } : { geojson: req.body };
  if ('geojson' in body && (body.geojson === undefined || (typeof body.geojson === 'object' && body.geojson !== null && Object.keys(body.geojson).length === 0))) {
    throw new ValidationError('No body: send a GeoJSON FeatureCollection of Points (application/json) or CSV (text/csv).', [{ field: 'body', problem: 'empty' }]);
  }
  return {
    body,
    options: {
      crs: q.crs,
      onError: q.on_error,
      region: q.region,
      nearEdgeM: q.near_edge_m,
      mapping: {
        id: q.id_field, lon: q.lon_field, lat: q.lat_field, address: q.address_field, people: q.people_field,
        floating: q.floating_field, flags: q.flags_field, name: q.name_field, category: q.category_field,
        head_name: q.head_name_field, phone: q.phone_field,
      },
    },
  };
}

/**
 * The check and audit entry of a point import, run in its transaction before the rows are
 * written: a caller held to subtrees may only write points that land in them and only replace
 * stored points that lie in them (orphans, in no cell, are for callers who hold the right
 * everywhere); one audit entry sums the import up.
 */
export function auditPointImport(req: Request, kind: 'household' | 'facility') {
  return async (tx: Queryable, rows: { region: string; id: string; cell_id: number | null }[], counts: Record<string, number>): Promise<void> => {
    const scope = scopeCodes(req.principal ?? null, 'households.write');
    const region = rows[0]?.region ?? '';
    const paths = (await selectPointCellPaths(tx, kind, region, rows.map((r) => r.id), rows.map((r) => r.cell_id))).map((p) => (p ? p.split('/') : []));
    if (scope !== null) {
      const outside = paths.filter((p) => !inScope(p, scope));
      if (outside.length) {
        const where = outside.map((p) => p.at(-1) ?? 'no cell (orphan)').slice(0, 5).join(', ');
        throw new ForbiddenError(`Your roles do not allow households.write where some of these ${kind === 'household' ? 'households' : 'facilities'} lie or would land: ${where}. Nothing was written.`);
      }
    }
    await insertAudit(tx, {
      actor: actorOf(req),
      action: `${kind === 'household' ? 'households' : 'facilities'}.import`,
      entity: kind,
      areaCode: commonAncestor(paths.filter((p) => p.length > 0)),
      after: { region, rows: rows.length, counts },
    });
  };
}

export const pageQuery = {
  limit: z.coerce.number().int().positive().max(10_000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
};
export const assignmentParam = z.enum(['pending', 'assigned', 'orphan', 'ambiguous', 'near_edge']).optional();
