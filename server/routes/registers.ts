import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db, Queryable } from '../db/db.ts';
import { ForbiddenError, ValidationError } from '../errors.ts';
import { REGISTER_FIELDS, type RegisterMapping } from '../domain/registers/guess_register_mapping.ts';
import { scopeCodes } from '../domain/access/can.ts';
import { inScope } from '../domain/access/in_scope.ts';
import { selectUnplacedCellPaths } from '../db/queries/select_unplaced_cell_paths.ts';
import { importRegister } from '../services/registers/import_register.ts';
import { requirePermission } from './access.ts';
import type { RunHeavy } from './heavy_work.ts';
import { auditPointImport } from './point_import_query.ts';
import { parseWith } from './validate.ts';

const mappingSchema = z.object(Object.fromEntries(REGISTER_FIELDS.map((f) => [f, z.string().min(1).max(200).optional()]))).strict();

/** The query of a register file import (registers and standard addresses). */
export const registerQuery = z.object({
  charset: z.string().max(40).optional(),
  encoding: z.string().max(40).optional(),
  mapping: z
    .string()
    .max(4000)
    .optional()
    .transform((s, ctx) => {
      if (s === undefined) return undefined;
      try {
        const parsed = mappingSchema.safeParse(JSON.parse(s));
        if (parsed.success) return parsed.data as RegisterMapping;
        ctx.addIssue({ code: 'custom', message: `mapping: ${parsed.error.issues[0].path.join('.') || 'value'}: ${parsed.error.issues[0].message} (fields: ${REGISTER_FIELDS.join(', ')})` });
      } catch {
        ctx.addIssue({ code: 'custom', message: 'mapping must be a JSON object from field to column header, e.g. {"id":"户编号","address":"门牌地址"}' });
      }
      return z.NEVER;
    }),
  dry_run: z.enum(['true', 'false', '1', '0']).optional(),
  crs: z.string().optional(),
  region: z.string().optional(),
  on_error: z.enum(['refuse', 'skip']).optional(),
  near_edge_m: z.coerce.number().min(0).max(1000).optional(),
});

/**
 * /api/registers/{households|facilities}/import: a register as an .xlsx or CSV file (UTF-8, with
 * or without a BOM, GBK/GB18030 detected, or the encoding named by `charset`), its columns guessed
 * from the headers and overridable by `mapping`; `dry_run=true` answers the mapping, the placing
 * and every row's problem without writing. Writing needs households.write where every row lands
 * (its cell, or the grid it is kept in) and where the rows it replaces lie.
 */
export function registersRouter(db: Db, config: { bodyLimit: string; heavy: RunHeavy }): Router {
  const router = Router();
  const raw = express.raw({ type: () => true, limit: config.bodyLimit });
  const importRoute = (kind: 'household' | 'facility') => async (req: Request, res: Response) => {
    const { q, dryRun } = readRegisterFile(req);
    const result = await config.heavy(req, res, 'the register import', () =>
      importRegister(db, kind, req.body as Buffer, {
        charset: q.charset ?? q.encoding ?? charsetOf(req),
        mapping: q.mapping,
        dryRun,
        crs: q.crs,
        region: q.region,
        onError: q.on_error,
        nearEdgeM: q.near_edge_m,
        beforeWrite: checkRegisterWrite(req, kind),
      }),
    );
    res.status(dryRun ? 200 : 201).json(result);
  };
  router.post('/households/import', requirePermission(db, 'households.write'), raw, importRoute('household'));
  router.post('/facilities/import', requirePermission(db, 'households.write'), raw, importRoute('facility'));
  return router;
}

/** The query and file of a register import request; an empty body is a 400. */
export function readRegisterFile(req: Request): { q: z.infer<typeof registerQuery>; dryRun: boolean } {
  const q = parseWith(registerQuery, req.query, 'query');
  if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new ValidationError('No file: send the register as the body (an .xlsx workbook, or CSV text).', [{ field: 'body', problem: 'empty' }]);
  return { q, dryRun: q.dry_run === 'true' || q.dry_run === '1' };
}

/** The charset a Content-Type names (text/csv; charset=gbk). */
export const charsetOf = (req: Request) => /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1];

/**
 * The point import's check and audit (auditPointImport: the cells rows land in, the stored rows
 * they replace), and beside it the grids of stored unplaced rows the import rewrites.
 */
function checkRegisterWrite(req: Request, kind: 'household' | 'facility') {
  const audit = auditPointImport(req, kind);
  return async (tx: Queryable, rows: { region: string; id: string; cell_id: number | null }[], counts: Record<string, number>) => {
    const scope = scopeCodes(req.principal ?? null, 'households.write');
    if (scope !== null && rows.length) {
      const outside = (await selectUnplacedCellPaths(tx, kind, rows[0].region, rows.map((r) => r.id))).map((p) => p.split('/')).filter((p) => !inScope(p, scope));
      if (outside.length) throw new ForbiddenError(`Your roles do not allow households.write where some of these rows are kept: ${outside.map((p) => p.at(-1)).slice(0, 5).join(', ')}. Nothing was written.`);
    }
    await audit(tx, rows, counts);
  };
}
