import { Router, type Request } from 'express';
import { z } from 'zod';
import { summarizeProblems } from '../domain/coverage/summarize_problems.ts';
import type { Db } from '../db/db.ts';
import { NotFoundError } from '../errors.ts';
import { COVERAGE_KINDS, FIX_TYPES } from '../domain/coverage/coverage_problem.ts';
import { checkCoverage, rememberedProblem } from '../services/check_coverage.ts';
import { applyCoverageFix } from '../services/apply_coverage_fix.ts';
import { undoCoverageFix } from '../services/undo_coverage_fix.ts';
import { upsertCoverageException } from '../db/queries/upsert_coverage_exception.ts';
import { deleteCoverageException } from '../db/queries/delete_coverage_exception.ts';
import { selectCoverageExceptions } from '../db/queries/select_coverage_exceptions.ts';
import { insertAudit } from '../db/queries/insert_audit.ts';
import { selectAreaPaths } from '../db/queries/select_area_paths.ts';
import type { Queryable } from '../db/db.ts';
import { ForbiddenError } from '../errors.ts';
import { inScope } from '../domain/access/in_scope.ts';
import { actorOf, assertAreasInScope, commonAreaOf, queryArea, requirePermission, scopeOf } from './access.ts';
import { recordId } from './record_id.ts';
import { parseWith } from './validate.ts';
import type { RunHeavy } from './heavy_work.ts';

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

/**
 * Refuses (403) a change to a problem unless the caller holds areas.write over every area it
 * names; a problem naming no stored area (an orphan point) only for a role held everywhere.
 */
async function assertProblemInScope(q: Queryable, req: Request, codes: readonly string[]): Promise<void> {
  if (scopeOf(req, 'areas.write') === null) return;
  const known = (await selectAreaPaths(q, [...codes])).filter((a) => codes.includes(a.code));
  if (known.length === 0) throw new ForbiddenError('This problem names no area of yours: only a role held everywhere may change it.');
  await assertAreasInScope(q, req.principal, 'areas.write', codes);
}

/**
 * Answers 404 (`notFound`, the words used when there is no such record) for a fix or problem none
 * of whose areas the caller may read: whether one exists in someone else's areas is not theirs to
 * learn (docs/ACCESS.md). Where they may read some of it, assertProblemInScope decides (403).
 */
async function assertVisible(q: Queryable, req: Request, codes: readonly string[], notFound: string): Promise<void> {
  const scope = scopeOf(req, 'areas.read');
  if (scope === null) return;
  const paths = (await selectAreaPaths(q, [...codes])).filter((a) => codes.includes(a.code));
  if (!paths.some((a) => inScope(a.path.split('/'), scope))) throw new NotFoundError(notFound);
}

/**
 * GET /api/coverage (the check, areas.read over the root), POST /fixes, POST /fixes/:id/undo, POST
 * and DELETE /exceptions (areas.write over the problem's areas, each audited with its change).
 */
export function coverageRouter(db: Db, heavy: RunHeavy): Router {
  const router = Router();

  router.get('/', requirePermission(db, 'areas.read', queryArea('root')), async (req, res) => {
    const q = parseWith(checkQuery, req.query, 'query');
    const report = await heavy(req, res, 'the coverage check', () => checkCoverage(db, { root: q.root, tolerance: q.tolerance, minArea: q.min_area, levels: q.levels, kinds: q.kinds }));
    // Orphan points lie in no area, so in nobody's subtree: as in the household lists, only roles
    // held everywhere see them.
    if (scopeOf(req, 'areas.read') !== null && report.features.some((p) => p.properties.kind === 'orphan')) {
      report.features = report.features.filter((p) => p.properties.kind !== 'orphan');
      report.summary = summarizeProblems(report.features);
    }
    res.type('application/geo+json').json(report);
  });

  router.post('/fixes', requirePermission(db, 'areas.write'), async (req, res) => {
    const b = parseWith(fixBody, req.body, 'body');
    const result = await heavy(req, res, 'the coverage fix', () => applyCoverageFix(db, {
      problemId: b.problem_id, kind: b.kind, codes: b.codes, type: b.type, params: b.params,
      beforeCommit: async (tx, fix) => {
        await assertVisible(tx, req, fix.codes, `Problem "${fix.problem_id}" is not known here: run GET /api/coverage?root=… first and use an id it returns.`);
        await assertProblemInScope(tx, req, fix.codes);
        await insertAudit(tx, { actor: actorOf(req), action: 'coverage.fix', entity: 'coverage_fix', entityId: String(fix.fix_id), areaCode: await commonAreaOf(tx, fix.codes), after: fix });
      },
    }));
    res.status(201).json(result);
  });

  router.post('/fixes/:id/undo', requirePermission(db, 'areas.write'), async (req, res) => {
    const id = recordId(req.params.id, `No coverage fix ${req.params.id} to undo.`);
    res.json(await undoCoverageFix(db, id, async (tx, fix) => {
      await assertProblemInScope(tx, req, fix.codes);
      await insertAudit(tx, { actor: actorOf(req), action: 'coverage.undo', entity: 'coverage_fix', entityId: String(id), areaCode: await commonAreaOf(tx, fix.codes), before: { problem_id: fix.problem_id, type: fix.type, codes: fix.codes } });
    }, (tx, fix) => assertVisible(tx, req, fix.codes, `No coverage fix has id ${id}.`)));
  });

  router.post('/exceptions', requirePermission(db, 'areas.write'), async (req, res) => {
    const b = parseWith(exceptionBody, req.body, 'body');
    const where = rememberedProblem(db, b.problem_id);
    const unknown = `Problem "${b.problem_id}" is not known here: run GET /api/coverage?root=… first and use an id it returns.`;
    if (!where) throw new NotFoundError(unknown);
    const e = await db.transaction(async (tx) => {
      await assertVisible(tx, req, where.codes, unknown);
      await assertProblemInScope(tx, req, where.codes);
      const [before] = await selectCoverageExceptions(tx, [b.problem_id]);
      const row = await upsertCoverageException(tx, { problem_id: b.problem_id, kind: where.kind, codes: where.codes, reason: b.reason, created_by: req.principal?.username ?? b.by ?? 'anonymous' });
      await insertAudit(tx, { actor: actorOf(req), action: 'coverage.exception', entity: 'coverage_exception', entityId: b.problem_id, areaCode: await commonAreaOf(tx, where.codes), before: before ?? null, after: row });
      return row;
    });
    res.status(201).json({ problem_id: e.problem_id, kind: e.kind, codes: e.codes, exception: { reason: e.reason, by: e.created_by, at: e.created_at } });
  });

  router.delete('/exceptions/:problem_id', requirePermission(db, 'areas.write'), async (req, res) => {
    const problemId = req.params.problem_id as string;
    await db.transaction(async (tx) => {
      const [before] = await selectCoverageExceptions(tx, [problemId]);
      if (!before) throw new NotFoundError(`Problem "${problemId}" is not marked as an exception.`);
      await assertVisible(tx, req, before.codes, `Problem "${problemId}" is not marked as an exception.`);
      await assertProblemInScope(tx, req, before.codes);
      await deleteCoverageException(tx, problemId);
      await insertAudit(tx, { actor: actorOf(req), action: 'coverage.exception_delete', entity: 'coverage_exception', entityId: problemId, areaCode: await commonAreaOf(tx, before.codes), before });
    });
    res.status(204).end();
  });

  return router;
}
