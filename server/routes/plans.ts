import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { can, scopeCodes } from '../domain/access/can.ts';
import { selectAreaAncestry } from '../db/queries/select_area_ancestry.ts';
import type { PlanRecord } from '../db/queries/plan_row.ts';
import { selectPlan } from '../db/queries/select_plan.ts';
import { selectPlans } from '../db/queries/select_plans.ts';
import { selectPlanAreasGeojson } from '../db/queries/select_plan_areas_geojson.ts';
import { parseAssignmentCsv } from '../domain/plans/parse_assignment_csv.ts';
import { createPlan } from '../services/plans/create_plan.ts';
import { applyPlanEdit, type PlanEditOp } from '../services/plans/apply_plan_edit.ts';
import { undoPlanEdit } from '../services/plans/undo_plan_edit.ts';
import { checkPlan } from '../services/plans/check_plan.ts';
import { diffPlan } from '../services/plans/diff_plan.ts';
import { publishPlan } from '../services/plans/publish_plan.ts';
import { discardPlan } from '../services/plans/discard_plan.ts';
import { exportPlanCsv } from '../services/plans/export_plan_csv.ts';
import { planView } from '../services/plans/plan_view.ts';
import { requirePermission } from './access.ts';
import { csvBody } from './point_import_query.ts';
import { recordId } from './record_id.ts';
import { parseWith } from './validate.ts';
import type { RunHeavy } from './heavy_work.ts';
import { checkVertexLimits, type VertexLimits } from '../domain/check_vertex_limits.ts';

// GeoJSON shapes as the edits take them: positions checked for range here, rings for validity
// by PostGIS (its reason comes back in the 400).
const position = z.array(z.number()).min(2).refine(([x, y]) => x >= -180 && x <= 180 && y >= -90 && y <= 90, 'a position out of range: expected [longitude, latitude] in degrees (WGS84)');
const ring = z.array(position).min(4, 'a ring needs at least 4 positions (closed)');
const polygon = z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) });
const multiPolygon = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) });
const area = z.union([polygon, multiPolygon]);
const code = z.string().min(1);
const snapM = z.number().min(0).max(50).optional();

/** The body of POST /api/plans/:id/edits: one edit operation. */
const planEditSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('reshape'), code, geometry: area, snap_m: snapM }),
  z.object({ op: z.literal('split'), code, line: z.object({ type: z.literal('LineString'), coordinates: z.array(position).min(2) }) }),
  z.object({ op: z.literal('merge'), codes: z.array(code).min(2, 'merge needs at least two codes') }),
  z.object({
    op: z.literal('create'),
    parent_code: code,
    level: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a level is lowercase letters, digits and _'),
    name: z.string().min(1),
    kind: z.enum(['base', 'village', 'school', 'hospital', 'institution', 'enterprise', 'estate']).optional(),
    geometry: area,
    snap_m: snapM,
  }),
  z.object({ op: z.literal('paint'), unit_codes: z.array(code).min(1), to: code }),
  z.object({ op: z.literal('delete'), code }),
  z.object({ op: z.literal('lock'), code }),
  z.object({ op: z.literal('unlock'), code }),
  z.object({ op: z.literal('rename'), code, name: z.string().trim().min(1, 'a name cannot be empty').max(100) }),
]);

const createBody = z.object({ root: z.string().min(1), name: z.string().min(1).max(200).optional(), proposal_id: z.number().int().positive().optional() });
const importQuery = z.object({ root: z.string().min(1), name: z.string().min(1).max(200).optional() });
const listQuery = z.object({ root: z.string().min(1).optional(), discarded: z.enum(['true', 'false']).optional() });
const areasQuery = z.object({ level: z.string().optional() });
const checkQuery = z.object({ codes: z.string().optional(), problems: z.enum(['true', 'false']).optional() });
const exportQuery = z.object({ format: z.enum(['geojson', 'csv']).default('geojson') });
const publishBody = z.object({ reason: z.string().trim().min(1, 'say why this plan is published').max(2000) });

// The plan each request under /:id names, loaded once so the permission check can scope to its root.
const loaded = new WeakMap<Request, PlanRecord>();
const planOf = (req: Request) => loaded.get(req)!;
const actor = (req: Request) => req.principal?.username ?? 'unknown';

/** `If-Match: "7"` (or 7, or W/"7"): the revision the client edited from. */
function ifMatch(req: Request): number {
  const raw = req.headers['if-match'];
  const rev = Number(String(raw ?? '').replace(/^W\//, '').replace(/"/g, '').trim());
  if (!raw || !Number.isInteger(rev) || rev < 1) {
    throw new ValidationError('Send the plan\'s revision as If-Match: "REV" (the ETag of GET /api/plans/:id), so that a stale edit is refused rather than applied.', [
      { field: 'If-Match', problem: raw ? `not a revision: ${raw}` : 'missing' },
    ]);
  }
  return rev;
}

/**
 * Plans (drafts of boundary changes, 规划草案): create one over a subtree, edit it with undo and
 * redo, check it live, compare it with the published tree, publish it. Everything needs
 * plans.edit over the plan's root; publishing needs plans.publish.
 */
export function plansRouter(db: Db, { heavy, vertexLimits }: { heavy: RunHeavy; vertexLimits: VertexLimits }): Router {
  const router = Router();
  const editAnywhere = requirePermission(db, 'plans.edit');
  const editHere = requirePermission(db, 'plans.edit', (req) => planOf(req).root);
  const publishHere = requirePermission(db, 'plans.publish', (req) => planOf(req).root);

  router.post('/', requirePermission(db, 'plans.edit', (req) => (typeof req.body?.root === 'string' ? req.body.root : undefined)), async (req, res) => {
    const b = parseWith(createBody, req.body, 'body');
    const plan = await heavy(req, res, 'creating the plan', () => createPlan(db, { root: b.root, name: b.name, proposalId: b.proposal_id, actor: actor(req) }));
    res.status(201).set('ETag', `"${plan.rev}"`).json(plan);
  });

  router.post('/import', csvBody('50mb'), requirePermission(db, 'plans.edit', (req) => (typeof req.query.root === 'string' ? req.query.root : undefined)), async (req, res) => {
    const q = parseWith(importQuery, req.query, 'query');
    if (typeof req.body !== 'string' || !req.body.trim()) throw new ValidationError('No body: send the assignment table as text/csv with a header unit_code,grid_code.', [{ field: 'body', problem: 'empty' }]);
    const { rows, problems } = parseAssignmentCsv(req.body);
    if (problems.length) throw new ValidationError(`The assignment table refused: ${problems[0].problem}.`, problems);
    const plan = await heavy(req, res, 'the plan import', () => createPlan(db, { root: q.root, name: q.name, assignments: rows, actor: actor(req) }));
    res.status(201).set('ETag', `"${plan.rev}"`).json(plan);
  });

  router.get('/', editAnywhere, async (req, res) => {
    const q = parseWith(listQuery, req.query, 'query');
    const plans = await selectPlans(db, q.root ?? null, scopeCodes(req.principal ?? null, 'plans.edit'), q.discarded === 'true');
    res.json({ plans: await Promise.all(plans.map((p) => planView(db, p))) });
  });

  router.use('/:id', editAnywhere, async (req, _res, next) => {
    const id = recordId(req.params.id, `No plan ${req.params.id}: GET /api/plans lists them.`);
    const plan = await selectPlan(db, id);
    // A plan over someone else's subtree answers as one that does not exist: which drafts are
    // open elsewhere, and over which root, is not the caller's to learn (docs/ACCESS.md).
    const root = plan ? await selectAreaAncestry(db, plan.root) : undefined;
    const reaches = plan !== undefined && (scopeCodes(req.principal ?? null, 'plans.edit') === null || (root !== undefined && can(req.principal ?? null, 'plans.edit', root)));
    if (!plan || !reaches) throw new NotFoundError(`No plan ${id}: GET /api/plans lists them.`);
    loaded.set(req, plan);
    next();
  });

  router.get('/:id', editHere, async (req, res) => {
    const plan = await planView(db, planOf(req));
    res.set('ETag', `"${plan.rev}"`).json(plan);
  });

  router.delete('/:id', editHere, async (req, res) => {
    const plan = await discardPlan(db, planOf(req).id);
    res.set('ETag', `"${plan.rev}"`).json(plan);
  });

  router.get('/:id/areas', editHere, async (req, res) => {
    const q = parseWith(areasQuery, req.query, 'query');
    res.type('application/geo+json').send(await selectPlanAreasGeojson(db, planOf(req).id, { level: q.level }));
  });

  router.post('/:id/edits', editHere, async (req, res) => {
    const rev = ifMatch(req);
    // A drawn outline or split line is refused over the vertex limit before it is even parsed.
    const drawn = req.body?.geometry ?? req.body?.line;
    if (drawn) checkVertexLimits([{ code: typeof req.body.code === 'string' ? req.body.code : undefined, geometry: drawn }], vertexLimits, `The ${String(req.body.op ?? 'plan')} edit`);
    const op = parseWith(planEditSchema, req.body, 'body') as PlanEditOp;
    const result = await applyPlanEdit(db, planOf(req).id, rev, actor(req), op);
    res.set('ETag', `"${result.plan.rev}"`).json(result);
  });

  router.post('/:id/undo', editHere, async (req, res) => {
    const result = await undoPlanEdit(db, planOf(req).id, ifMatch(req), 'undo');
    res.set('ETag', `"${result.plan.rev}"`).json(result);
  });

  router.post('/:id/redo', editHere, async (req, res) => {
    const result = await undoPlanEdit(db, planOf(req).id, ifMatch(req), 'redo');
    res.set('ETag', `"${result.plan.rev}"`).json(result);
  });

  router.get('/:id/check', editHere, async (req, res) => {
    const q = parseWith(checkQuery, req.query, 'query');
    const codes = q.codes?.split(',').map((c) => c.trim()).filter(Boolean);
    res.json(await heavy(req, res, 'the plan check', () => checkPlan(db, planOf(req).id, codes, { problems: q.problems !== 'false' })));
  });

  router.get('/:id/diff', editHere, async (req, res) => {
    res.json(await heavy(req, res, 'the plan diff', () => diffPlan(db, planOf(req).id)));
  });

  router.post('/:id/publish', editHere, publishHere, async (req, res) => {
    const rev = ifMatch(req);
    const b = parseWith(publishBody, req.body, 'body');
    res.json(await heavy(req, res, 'the publish', () => publishPlan(db, planOf(req).id, rev, actor(req), b.reason)));
  });

  router.get('/:id/export', editHere, async (req, res) => {
    const q = parseWith(exportQuery, req.query, 'query');
    const plan = planOf(req);
    if (q.format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`plan_${plan.id}_assignments.csv`).send('\ufeff' + (await exportPlanCsv(db, plan)));
    } else {
      res.type('application/geo+json').attachment(`plan_${plan.id}.geojson`).send(await selectPlanAreasGeojson(db, plan.id, {}));
    }
  });

  return router;
}
