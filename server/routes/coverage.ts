import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { NotFoundError } from '../errors.ts';
import { COVERAGE_KINDS, FIX_TYPES } from '../domain/coverage/coverage_problem.ts';
import { checkCoverage, rememberedProblem } from '../services/check_coverage.ts';
import { applyCoverageFix } from '../services/apply_coverage_fix.ts';
import { undoCoverageFix } from '../services/undo_coverage_fix.ts';
import { upsertCoverageException } from '../db/queries/upsert_coverage_exception.ts';
import { deleteCoverageException } from '../db/queries/delete_coverage_exception.ts';
import { parseWith } from './validate.ts';

const LEVEL = /^[a-z][a-z0-9_]*$/;
/** `a,b,c` → ['a', 'b', 'c'], each item checked by `item`. */
function list<T extends string>(item: z.ZodType<T, string>, what: string) {
  return z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(item).min(1, `expected at least one of the ${what}`));
}

const checkQuery = z.object({
  root: z.string({ error: 'required: the code of the area whose subtree to check' }).min(1),
  tolerance: z.coerce.number().min(0).max(100).optional(),
  min_area: z.coerce.number().min(0).optional(),
  levels: list(z.string().regex(LEVEL, 'a level is lowercase letters, digits and _'), 'levels').optional(),
  kinds: list(z.enum(COVERAGE_KINDS, { error: `expected kinds among ${COVERAGE_KINDS.join(', ')}` }), 'kinds').optional(),
});

const fixBody = z
  .object({
    problem_id: z.string().min(1).optional(),
    kind: z.enum(COVERAGE_KINDS).optional(),
    codes: z.array(z.string().min(1)).min(1).optional(),
    type: z.enum(FIX_TYPES, { error: `expected one of ${FIX_TYPES.join(', ')}` }),
    params: z
      .object({ into: z.string().optional(), keep: z.string().optional(), tolerance: z.number().positive().max(10).optional() })
      .strict()
      .optional(),
  })
  .refine((b) => b.problem_id !== undefined || (b.kind !== undefined && b.codes !== undefined), {
    path: ['problem_id'],
    message: 'required unless both kind and codes name the problem',
  });

const exceptionBody = z.object({
  problem_id: z.string().min(1),
  reason: z.string().trim().min(1, 'say why the problem is accepted (for example: a lake)').max(1000),
  by: z.string().trim().min(1).max(200).optional(),
});

const fixId = z.object({ id: z.coerce.number().int().positive() });

/** GET /api/coverage (the check), POST /fixes, POST /fixes/:id/undo, POST and DELETE /exceptions. */
export function coverageRouter(db: Db): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const q = parseWith(checkQuery, req.query, 'query');
    const report = await checkCoverage(db, { root: q.root, tolerance: q.tolerance, minArea: q.min_area, levels: q.levels, kinds: q.kinds });
    res.type('application/geo+json').json(report);
  });

  router.post('/fixes', async (req, res) => {
    const b = parseWith(fixBody, req.body, 'body');
    const result = await applyCoverageFix(db, { problemId: b.problem_id, kind: b.kind, codes: b.codes, type: b.type, params: b.params });
    res.status(201).json(result);
  });

  router.post('/fixes/:id/undo', async (req, res) => {
    const { id } = parseWith(fixId, req.params, 'query');
    res.json(await undoCoverageFix(db, id));
  });

  router.post('/exceptions', async (req, res) => {
    const b = parseWith(exceptionBody, req.body, 'body');
    const where = rememberedProblem(db, b.problem_id);
    if (!where) throw new NotFoundError(`Problem "${b.problem_id}" is not known here: run GET /api/coverage?root=… first and use an id it returns.`);
    const e = await upsertCoverageException(db, { problem_id: b.problem_id, kind: where.kind, codes: where.codes, reason: b.reason, created_by: req.principal?.username ?? b.by ?? 'anonymous' });
    res.status(201).json({ problem_id: e.problem_id, kind: e.kind, codes: e.codes, exception: { reason: e.reason, by: e.created_by, at: e.created_at } });
  });

  router.delete('/exceptions/:problem_id', async (req, res) => {
    if (!(await deleteCoverageException(db, req.params.problem_id))) throw new NotFoundError(`Problem "${req.params.problem_id}" is not marked as an exception.`);
    res.status(204).end();
  });

  return router;
}
