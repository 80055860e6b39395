import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import type { PatrolSummaryRow } from '../db/queries/patrol_row.ts';
import { selectPatrolSummaries } from '../db/queries/select_patrol_summaries.ts';
import { selectVisitCoverage } from '../db/queries/select_visit_coverage.ts';
import { can } from '../domain/access/can.ts';
import { coverageRatio, visitCoverageCsv } from '../domain/patrols/visit_coverage_csv.ts';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import { addPatrolPoints } from '../services/patrols/add_patrol_points.ts';
import { startPatrol } from '../services/patrols/start_patrol.ts';
import { stopPatrol } from '../services/patrols/stop_patrol.ts';
import { assertPermission, queryArea, requirePermission, scopeOf } from './access.ts';
import { parseWith } from './validate.ts';

const clientId = z.string().regex(/^[A-Za-z0-9._:@-]{1,128}$/, 'an id is 1–128 letters, digits or . _ : @ -');
const isoTime = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());

const startBody = z.strictObject({ id: clientId.optional(), area: z.string().min(1).optional(), started_at: isoTime.optional() });
// A batch is at most 1,000 points: a phone sending every 5 s sends about 80 an hour offline.
const pointsBody = z.strictObject({
  batch: clientId,
  points: z
    .array(
      z.strictObject({
        lon: z.number().min(-180).max(180),
        lat: z.number().min(-90).max(90),
        t: isoTime,
        accuracy: z.number().min(0).max(100_000).nullish(),
      }),
    )
    .min(1, 'send at least one point')
    .max(1000, 'at most 1,000 points a batch'),
});
const stopBody = z.strictObject({ stopped_at: isoTime.optional() });
const listQuery = z.strictObject({
  area: z.string().min(1).optional(),
  period: z.enum(['today', 'week']).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  limit: z.coerce.number().int().positive().max(1000).default(200),
});
const statsQuery = z.strictObject({
  area: z.string().min(1, 'name the area by its code'),
  group: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a level name such as grid, community or town').default('grid'),
  days: z.coerce.number().int().min(1).max(366).default(7),
  format: z.enum(['json', 'csv']).default('json'),
});

/** A patrol as GeoJSON: its track (kept points) and what it adds up to. */
function patrolFeature(p: PatrolSummaryRow) {
  return {
    type: 'Feature' as const,
    id: p.id,
    geometry: p.track ? JSON.parse(p.track) : null,
    properties: {
      id: p.id, user: p.username, area_code: p.area_code, started_at: p.started_at, stopped_at: p.stopped_at,
      distance_m: Math.round(p.distance_m), duration_s: Math.round(p.duration_s), points: p.point_count, kept: p.kept_count, units: p.units,
    },
  };
}

/** The start of the period a list asks for: today (server's local midnight) or the last 7 days. */
function periodStart(period: 'today' | 'week'): string {
  const d = new Date();
  if (period === 'today') d.setHours(0, 0, 0, 0);
  else d.setTime(d.getTime() - 7 * 86_400_000);
  return d.toISOString();
}

/**
 * Refuses (403) a caller who may neither record patrols (and so see their own) nor read others':
 * analysts and viewers get coverage figures only, never a track, not even an empty list.
 */
const trackReader: RequestHandler = (req, _res, next) => {
  if (!can(req.principal ?? null, 'patrols.record') && !can(req.principal ?? null, 'patrols.read')) throw new ForbiddenError('Your roles do not allow patrols.read: patrol tracks are personal data.');
  next();
};

const oneOf = async (db: Db, req: Request, id: string) => {
  const [p] = await selectPatrolSummaries(db, { ownerId: req.principal!.userId, scope: scopeOf(req, 'patrols.read'), ids: [id], limit: 1 });
  if (!p) throw new NotFoundError(`No patrol has id "${id}".`);
  return p;
};

/**
 * Patrols (巡查) and visits (走访). Recording needs patrols.record where the patrol or the
 * visited unit lies, and only the walker adds to their patrol. Tracks are personal data: the
 * walker sees their own, patrols.read shows others' in its subtrees. Coverage figures need
 * patrols.stats over the area and say nothing of who walked.
 */
export function patrolsRouter(db: Db): Router {
  const router = Router();

  router.post('/', requirePermission(db, 'patrols.record'), async (req, res) => {
    const body = parseWith(startBody, req.body, 'body');
    const { created, patrol } = await startPatrol(db, req.principal!, { id: body.id, area: body.area, startedAt: body.started_at }, (code) => assertPermission(db, req.principal, 'patrols.record', code));
    res.status(created ? 201 : 200).location(`/api/patrols/${encodeURIComponent(patrol.id)}`).json(patrolFeature(await oneOf(db, req, patrol.id)));
  });

  router.get('/', requirePermission(db, 'areas.read', queryArea('area')), trackReader, async (req, res) => {
    const q = parseWith(listQuery, req.query, 'query');
    const rows = await selectPatrolSummaries(db, {
      ownerId: req.principal!.userId,
      scope: scopeOf(req, 'patrols.read'),
      area: q.area,
      from: q.from ?? (q.period ? periodStart(q.period) : undefined),
      to: q.to,
      limit: q.limit,
    });
    res.type('application/geo+json').json({ type: 'FeatureCollection', features: rows.map(patrolFeature) });
  });

  router.get('/stats', requirePermission(db, 'patrols.stats', queryArea('area')), async (req, res) => {
    const q = parseWith(statsQuery, req.query, 'query');
    const since = new Date(Date.now() - q.days * 86_400_000).toISOString();
    const rows = await selectVisitCoverage(db, q.area, q.group, since);
    if (q.format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`visit-coverage-${q.area}-${q.group}.csv`).send(visitCoverageCsv(rows));
      return;
    }
    res.json({ area: q.area, group: q.group, since, areas: rows.map((r) => ({ ...r, coverage: Number(coverageRatio(r).toFixed(3)) })) });
  });

  router.get('/:id', requirePermission(db, 'areas.read'), trackReader, async (req, res) => {
    res.type('application/geo+json').json(patrolFeature(await oneOf(db, req, req.params.id as string)));
  });

  router.post('/:id/points', requirePermission(db, 'patrols.record'), async (req, res) => {
    const body = parseWith(pointsBody, req.body, 'body');
    const points = body.points.map((p) => ({ lon: p.lon, lat: p.lat, t: Date.parse(p.t), accuracy: p.accuracy ?? null }));
    const result = await addPatrolPoints(db, req.principal!.userId, req.params.id as string, { clientId: body.batch, points });
    res.status(result.created ? 201 : 200).json({ batch: body.batch, received: result.received, kept: result.kept, patrol: patrolFeature(await oneOf(db, req, req.params.id as string)).properties });
  });

  router.post('/:id/stop', requirePermission(db, 'patrols.record'), async (req, res) => {
    const body = parseWith(stopBody, req.body ?? {}, 'body');
    await stopPatrol(db, req.principal!.userId, req.params.id as string, body.stopped_at ?? new Date().toISOString());
    res.json(patrolFeature(await oneOf(db, req, req.params.id as string)));
  });

  return router;
}
