import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { EVENT_ACTIONS, EVENT_LEVELS, EVENT_SEVERITIES, EVENT_SOURCES, EVENT_STATUSES, OPEN_STATUSES } from '../domain/events/event_types.ts';
import { MAX_HEAT_ZOOM, MIN_HEAT_CELL_PX } from '../domain/events/heat_bins.ts';
import { eventStatsCsv } from '../domain/events/summarize_event_stats.ts';
import { eventHeat } from '../services/event_heat.ts';
import { eventRules } from '../services/event_rules.ts';
import { loadEventSettings, type EventSettings } from '../services/event_settings.ts';
import { eventStats } from '../services/event_stats.ts';
import type { EventView } from '../services/event_view.ts';
import { FEED_GAP } from '../services/event_feed.ts';
import { followEventFeed } from '../services/follow_event_feed.ts';
import { getEvent } from '../services/get_event.ts';
import { listEvents } from '../services/list_events.ts';
import { reportEvent } from '../services/report_event.ts';
import { transitionEvent } from '../services/transition_event.ts';
import { selectEvent } from '../db/queries/select_event.ts';
import { assertMediaUsable } from '../services/media/assert_media_usable.ts';
import { attachEventMedia } from '../services/media/attach_event_media.ts';
import { checkEventReport } from '../services/check_event_report.ts';
import { can } from '../domain/access/can.ts';
import { inScope } from '../domain/access/in_scope.ts';
import { locatePoint, newLocated } from '../domain/assign/locate_point.ts';
import { cellChain, getCellIndex } from '../services/cell_index.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { withReadableDuplicates } from '../services/readable_duplicates.ts';
import { actorOf, queryArea, requirePermission, scopeOf } from './access.ts';
import { bboxParam, parseWith } from './validate.ts';
import { admitCallerStream } from './stream_admission.ts';
import { watchEndedSessions } from '../services/open_streams.ts';

const lonLat = z.object({ lon: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) });
const geojsonPoint = z
  .object({ type: z.literal('Point'), coordinates: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]) })
  .transform((p) => ({ lon: p.coordinates[0], lat: p.coordinates[1] }));
const isoTime = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());
const optionalText = (max: number) => z.string().trim().max(max).nullish();

/** Photos by the ids POST /api/media gave: one to nine, each once. */
const mediaIds = z.array(z.string().regex(/^[A-Za-z0-9._:@-]{1,128}$/, 'a photo id as POST /api/media returned it')).max(9, 'at most 9 photos').refine((ids) => new Set(ids).size === ids.length, 'a photo is named twice');

const reportBody = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9._:@-]{1,128}$/, 'an id is 1–128 letters, digits or . _ : @ -').optional(),
  category: z.string().min(1),
  severity: z.enum(EVENT_SEVERITIES).default('medium'),
  description: z.string().trim().min(1, 'describe what was found').max(4000),
  location: z.union([geojsonPoint, lonLat], { error: 'expected a GeoJSON Point {"type":"Point","coordinates":[lon,lat]} or {"lon":…,"lat":…}' }),
  reporter: optionalText(200),
  source: z.enum(EVENT_SOURCES).default('web'),
  photo_ref: optionalText(1000),
  media: mediaIds.optional(),
  address: optionalText(500),
  level: z.enum(EVENT_LEVELS).optional(),
  reported_at: isoTime.optional(),
});

const transitionBody = z.strictObject({
  action: z.enum(EVENT_ACTIONS),
  to: z.enum(EVENT_LEVELS).nullish(),
  assignee: optionalText(200),
  note: optionalText(4000),
  by: z.string().trim().min(1, 'say who did it').max(200),
  client_id: z.string().regex(/^[A-Za-z0-9._:@-]{1,128}$/, 'a client id is 1–128 letters, digits or . _ : @ -').optional(),
  media: mediaIds.optional(),
});

/** `a,b,c` → ['a','b','c'], each checked against `values` when given. */
const list = (values?: readonly string[]) =>
  z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
    .refine((vs) => !values || vs.every((v) => values.includes(v)), { message: `expected a comma-separated list of: ${values?.join(', ')}` });

const filterQuery = {
  // `open` stands for every status but closed and cancelled: what a command centre watches.
  status: list([...EVENT_STATUSES, 'open'])
    .transform((vs): string[] => [...new Set(vs.flatMap((v): readonly string[] => (v === 'open' ? OPEN_STATUSES : [v])))])
    .optional(),
  category: list().optional(),
  level: list(EVENT_LEVELS).optional(),
  area: z.string().min(1).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  bbox: bboxParam.optional(),
};

const listQuery = z.strictObject({
  ...filterQuery,
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  format: z.enum(['json', 'geojson']).default('json'),
  limit: z.coerce.number().int().positive().max(5000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const heatQuery = z.strictObject({
  ...filterQuery,
  zoom: z.coerce.number().min(0).max(MAX_HEAT_ZOOM).default(12),
  cell_px: z.coerce.number().int().min(MIN_HEAT_CELL_PX).max(256).default(32),
  format: z.enum(['json', 'geojson']).default('json'),
  geometry: z.enum(['point', 'polygon']).default('point'),
  method: z.enum(['memory', 'sql']).default('memory'),
});

const statsQuery = z.strictObject({
  area: z.string().min(1, 'name the area by its code'),
  group: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a level name such as grid, community or town').default('grid'),
  from: isoTime.optional(),
  to: isoTime.optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

const checkQuery = z.strictObject({
  lon: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
  category: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a category code').optional(),
  accuracy: z.coerce.number().min(0).max(100_000).optional(),
});

const attachBody = z.strictObject({ media: mediaIds.refine((ids) => ids.length > 0, 'name at least one photo') });

const streamQuery = z.strictObject({ last_event_id: z.coerce.number().int().min(0).optional() });

/** The log seq a reconnecting stream resumes after: the Last-Event-ID header, or ?last_event_id= (EventSource cannot set headers on its first connection). */
function lastEventId(req: Request): number | undefined {
  const header = req.get('last-event-id');
  if (header === undefined || header === '') return parseWith(streamQuery, req.query, 'query').last_event_id;
  const n = Number(header);
  if (!Number.isInteger(n) || n < 0) throw new ValidationError(`Last-Event-ID must be a log sequence number (a whole number ≥ 0), got "${header}".`, [{ field: 'Last-Event-ID', problem: 'not a sequence number' }]);
  return n;
}

// A client this far behind (bytes queued on its socket) is cut off: it reconnects with
// Last-Event-ID and catches up from the database instead of growing the server's memory.
const MAX_QUEUED_BYTES = 8 * 1024 * 1024;

/**
 * Refuses (403) a report from a caller held to subtrees when its point lies in none of them; a
 * point in no cell at all is left to the report's own check (a 400 naming the location).
 */
async function assertReportInScope(db: Db, req: Request, lon: number, lat: number): Promise<void> {
  const scope = scopeOf(req, 'events.report');
  if (scope === null) return;
  const loaded = await getCellIndex(db);
  const r = locatePoint(loaded.index, lon, lat, newLocated());
  if (r.cell >= 0 && !inScope(cellChain(loaded, r.cell).map((l) => l.code), scope)) {
    // Which area it lies in is not said: that would name an area outside the caller's.
    throw new ForbiddenError(`Your roles do not allow events.report at ${lon}, ${lat}: it lies outside your areas.`);
  }
}

/**
 * The stored event `id` if the caller may read it; a 404 otherwise, the same as for no event at
 * all: whether an event exists outside one's areas is not one's to learn. Then `permission`
 * (to change it) must reach it too: 403.
 */
async function eventFor(db: Db, req: Request, id: string, permission: 'events.read' | 'events.handle' | 'events.report') {
  const row = await selectEvent(db, id);
  const path = row?.area_path.split('/');
  if (!row || !path || !can(req.principal ?? null, 'events.read', path)) throw new NotFoundError(`No event has id "${id}".`);
  if (!can(req.principal ?? null, permission, path)) throw new ForbiddenError(`Your roles do not allow ${permission} in area ${row.grid_code ?? row.cell_code}.`);
  return row;
}

/**
 * Events: intake, the lifecycle, queries, the live stream, heat bins and dashboards. Reading
 * needs events.read and shows the caller's subtrees only; reporting events.report where the
 * point lies; transitions events.handle where the event lies. Reports and transitions are audited.
 */
export function eventsRouter(db: Db, settings: EventSettings = loadEventSettings()): Router {
  const router = Router();
  watchEndedSessions(db);

  router.post('/', requirePermission(db, 'events.report'), async (req, res) => {
    const body = parseWith(reportBody, req.body, 'body');
    const { location, ...rest } = body;
    await assertReportInScope(db, req, location.lon, location.lat);
    await assertMediaUsable(db, req.principal, body.media ?? []);
    const readScope = scopeOf(req, 'events.read');
    const { created, event } = await reportEvent(db, { ...rest, ...location, actor: actorOf(req) }, settings, (path) => inScope(path, readScope));
    const [shown] = await withReadableDuplicates(db, [event], readScope);
    res.status(created ? 201 : 200).location(`/api/events/${encodeURIComponent(event.id)}`).json(shown);
  });

  router.get('/', requirePermission(db, 'events.read', queryArea('area')), async (req, res) => {
    const q = parseWith(listQuery, req.query, 'query');
    const listed = await listEvents(db, { ...q, scope: scopeOf(req, 'events.read') });
    const page = { ...listed, events: await withReadableDuplicates(db, listed.events, scopeOf(req, 'events.read')) };
    if (q.format === 'geojson') {
      res.type('application/geo+json').json({
        type: 'FeatureCollection',
        features: page.events.map(eventFeature),
        total: page.total, limit: page.limit, offset: page.offset, next_offset: page.next_offset, last_seq: page.last_seq,
      });
      return;
    }
    res.json(page);
  });

  router.get('/categories', requirePermission(db, 'events.read'), async (_req, res) => {
    const rules = await eventRules(db);
    res.json({ categories: rules.categories, severities: EVENT_SEVERITIES, levels: EVENT_LEVELS, statuses: EVENT_STATUSES, actions: EVENT_ACTIONS, sources: EVENT_SOURCES, deadlines: rules.deadlines });
  });

  router.get('/stream', requirePermission(db, 'events.read'), (req, res) => streamEvents(db, settings, req, res));

  router.get('/heat', requirePermission(db, 'events.read', queryArea('area')), async (req, res) => {
    const q = parseWith(heatQuery, req.query, 'query');
    const heat = await eventHeat(db, { ...q, cellPx: q.cell_px, scope: scopeOf(req, 'events.read') });
    if (q.format === 'json') {
      res.json(heat);
      return;
    }
    const { bins, ...meta } = heat;
    res.type('application/geo+json').json({
      type: 'FeatureCollection',
      ...meta,
      features: bins.map((b) => ({
        type: 'Feature',
        geometry: q.geometry === 'point'
          ? { type: 'Point', coordinates: [b.lon, b.lat] }
          : { type: 'Polygon', coordinates: [[[b.west, b.south], [b.east, b.south], [b.east, b.north], [b.west, b.north], [b.west, b.south]]] },
        properties: { count: b.count, ix: b.ix, iy: b.iy },
      })),
    });
  });

  router.get('/stats', requirePermission(db, 'events.read', queryArea('area')), async (req, res) => {
    const q = parseWith(statsQuery, req.query, 'query');
    const stats = await eventStats(db, { ...q, timeZone: settings.timeZone });
    if (q.format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`events_${stats.area.code}_${stats.group}.csv`).send('\ufeff' + eventStatsCsv(stats));
      return;
    }
    res.json(stats);
  });

  // Before sending a report (the phone's 上报前检查): in whose grid, how near its edge, the
  // address to fill in, likely duplicates nearby. Writes nothing.
  router.get('/check', requirePermission(db, 'events.report'), async (req, res) => {
    const q = parseWith(checkQuery, req.query, 'query');
    res.json(await checkEventReport(db, { report: scopeOf(req, 'events.report'), read: scopeOf(req, 'events.read') }, q, settings));
  });

  router.get('/:id', requirePermission(db, 'events.read'), async (req, res) => {
    await eventFor(db, req, req.params.id as string, 'events.read');
    const [event] = await withReadableDuplicates(db, [await getEvent(db, req.params.id as string)], scopeOf(req, 'events.read'));
    res.json(event);
  });

  // Photos added to an event already reported, instead of reporting it again (附加到已有事件).
  router.post('/:id/media', requirePermission(db, 'events.report'), async (req, res) => {
    const body = parseWith(attachBody, req.body, 'body');
    const row = await eventFor(db, req, req.params.id as string, 'events.report');
    await assertMediaUsable(db, req.principal, body.media);
    const added = await attachEventMedia(db, row, body.media, actorOf(req));
    res.json({ added, media: (await getEvent(db, row.id)).media });
  });

  router.post('/:id/transitions', requirePermission(db, 'events.handle'), async (req, res) => {
    const body = parseWith(transitionBody, req.body, 'body');
    await eventFor(db, req, req.params.id as string, 'events.handle');
    await assertMediaUsable(db, req.principal, body.media ?? []);
    const { event, seq, replayed } = await transitionEvent(db, req.params.id as string, { ...body, actor: actorOf(req) });
    res.json({ ...event, seq, replayed });
  });

  return router;
}

/** GET /api/events/stream: Server-Sent Events, resuming after Last-Event-ID from the log. */
function streamEvents(db: Db, settings: EventSettings, req: Request, res: Response): void {
  const after = lastEventId(req);
  let stop = () => undefined as void;
  // Ended at once when the user's sessions end (disabled, new password, signed out everywhere).
  const release = admitCallerStream(db, req, () => stop());
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no', // nginx: do not buffer the stream
  });
  // retry: how long a browser waits before reconnecting; the comment opens the stream at once.
  res.write('retry: 2000\n: connected\n\n');
  // Messages are held for streamFlushMs (25 ms) and go out in one write: under a burst, a hundred
  // clients cost a hundred writes per window instead of a hundred per committed batch, on the
  // server and in every client, for at most that much added delay.
  // The messages' bytes are encoded once for every client (feedItem): a flush only copies them.
  let pending: Buffer[] = [];
  const flush = () => {
    const chunks = pending;
    pending = [];
    if (chunks.length > 0 && !res.writableEnded) res.write(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    if (res.writableLength > MAX_QUEUED_BYTES) stop();
  };
  // A caller held to subtrees hears only of events in them.
  const scope = scopeOf(req, 'events.read');
  const feed = followEventFeed(
    db,
    after ?? null,
    (item) => {
      if (scope && !inScope(item.message.event.area_path.split('/'), scope)) return;
      if (pending.length === 0) setTimeout(flush, settings.streamFlushMs);
      pending.push(item.sse);
    },
    (why) => {
      // After a gap the client reconnects at once and reads what it missed from the log.
      if (why !== FEED_GAP) console.error('event stream replay failed', why);
      stop();
    },
  );
  const keepAlive = setInterval(() => {
    if (pending.length === 0) res.write(': keep-alive\n\n');
  }, settings.keepAliveMs);
  stop = () => {
    release();
    clearInterval(keepAlive);
    feed.close();
    res.end();
  };
  req.on('close', stop);
}

function eventFeature(e: EventView): GeoJSON.Feature<GeoJSON.Point> {
  const { lon, lat, ...properties } = e;
  return { type: 'Feature', id: e.id, geometry: { type: 'Point', coordinates: [lon, lat] }, properties };
}
