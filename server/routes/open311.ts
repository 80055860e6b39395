import express, { Router, type ErrorRequestHandler, type Request } from 'express';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import type { Principal } from '../domain/access/can.ts';
import { OPEN_STATUSES, type EventStatus } from '../domain/events/event_types.ts';
import { toOpen311Request, type Open311Request } from '../domain/events/open311_request.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { eventRules } from '../services/event_rules.ts';
import { loadEventSettings, type EventSettings } from '../services/event_settings.ts';
import type { EventView } from '../services/event_view.ts';
import { getEvent } from '../services/get_event.ts';
import { listEvents } from '../services/list_events.ts';
import { reportEvent } from '../services/report_event.ts';
import { scopeCodes } from '../domain/access/can.ts';
import { publicOpen311Request } from '../domain/access/public_open311_request.ts';
import { inScope } from '../domain/access/in_scope.ts';
import { selectAreaPaths } from '../db/queries/select_area_paths.ts';
import { parseWith } from './validate.ts';

const isoTime = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());
const coordinate = (min: number, max: number) => z.coerce.number().min(min).max(max);

const requestsQuery = z.object({
  service_request_id: z.string().optional(),
  service_code: z.string().optional(),
  start_date: isoTime.optional(),
  end_date: isoTime.optional(),
  // GeoReport v2 allows several, separated by commas (`open,closed`).
  status: z
    .string()
    .transform((v) => [...new Set(v.split(',').map((x) => x.trim()))])
    .refine((list) => list.every((x) => x === 'open' || x === 'closed'), 'expected open, closed, or open,closed')
    .optional(),
  jurisdiction_id: z.string().optional(),
});

// Form fields arrive as strings (application/x-www-form-urlencoded, as the spec has it) or as JSON.
const createBody = z.object({
  api_key: z.string().optional(),
  jurisdiction_id: z.string().optional(),
  service_code: z.string().min(1, 'name the service (a code from services.json)'),
  lat: coordinate(-90, 90),
  long: coordinate(-180, 180),
  address_string: z.string().max(500).optional(),
  description: z.string().trim().max(4000).optional(),
  first_name: z.string().max(100).optional(),
  last_name: z.string().max(100).optional(),
  email: z.string().max(200).optional(),
  phone: z.string().max(50).optional(),
  device_id: z.string().max(200).optional(),
  account_id: z.string().max(200).optional(),
  media_url: z.string().max(1000).optional(),
});

const CLOSED: EventStatus[] = ['closed', 'cancelled'];
// The spec's default window for a request list without dates, and its cap.
const DEFAULT_DAYS = 90;
const MAX_RESULTS = 1000;
const MAX_IDS = 100;

/**
 * Open311 GeoReport v2 (JSON) over the events: services are the event categories, requests are
 * events. Creating a request needs an api_key from GRIDWORK_OPEN311_KEYS (or, with the embedded
 * demo only, the demo key when that is unset). Errors come in the spec's shape, `[{ code, description }]`.
 *
 * Reading requests is public, as GeoReport clients expect, but anonymously only the public view
 * (publicOpen311Request: no description, address, assignee or photo; the point to ~100 m), for
 * every request. A caller signed in with events.read gets the whole request where it lies in
 * their areas, and the public view elsewhere.
 */
export function open311Router(db: Db, settings: EventSettings = loadEventSettings()): Router {
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: '1mb', verify: formIsUtf8 }));

  router.get('/discovery.json', (_req, res) => {
    res.json({
      changeset: '2026-01-01T00:00:00Z',
      contact: 'Gridwork 网格通',
      key_service: 'Ask the operator for a key (GRIDWORK_OPEN311_KEYS).',
      endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: '/open311/v2', changeset: '2026-01-01T00:00:00Z', type: 'production', formats: ['application/json'] }],
    });
  });

  router.get('/services.json', async (_req, res) => {
    const rules = await eventRules(db);
    res.json(rules.categories.map((c) => ({
      service_code: c.code,
      service_name: c.name_en,
      description: `${c.name_zh} · ${c.description}`,
      metadata: false,
      type: 'realtime',
      keywords: [c.code, c.name_zh].join(','),
      group: c.name_zh,
    })));
  });

  router.get('/services/:code.json', async (req, res) => {
    const rules = await eventRules(db);
    if (!rules.categoryByCode.has(req.params.code)) throw new NotFoundError(`No service has code "${req.params.code}".`);
    // Every service takes the same fields (metadata: false): there are no extra attributes.
    res.json({ service_code: req.params.code, attributes: [] });
  });

  router.get('/requests.json', async (req, res) => {
    const q = parseWith(requestsQuery, req.query, 'query');
    const rules = await eventRules(db);
    const views = (events: EventView[]) => open311Views(db, req.principal, events, (e) => toOpen311Request(e, rules.categoryByCode.get(e.category)?.name_en ?? e.category, originOf(req)));
    if (q.service_request_id) {
      const ids = q.service_request_id.split(',').map((s) => s.trim()).filter(Boolean);
      // Each id is a lookup of its own: a list of a thousand held the server for seconds.
      if (ids.length > MAX_IDS) {
        throw new ValidationError(`At most ${MAX_IDS} ids in service_request_id; this one lists ${ids.length}. Ask in several requests.`, [{ field: 'service_request_id', problem: `${ids.length} ids, over ${MAX_IDS}` }]);
      }
      const found: EventView[] = [];
      for (const id of ids) {
        try {
          found.push(await getEvent(db, id));
        } catch (err) {
          if (!(err instanceof NotFoundError)) throw err; // the spec lists the ids it found
        }
      }
      res.json(await views(found));
      return;
    }
    const from = q.start_date ?? (q.end_date ? undefined : new Date(Date.now() - DEFAULT_DAYS * 86_400_000).toISOString());
    const page = await listEvents(db, {
      category: q.service_code?.split(',').map((s) => s.trim()).filter(Boolean),
      status: q.status?.length === 1 ? (q.status[0] === 'open' ? OPEN_STATUSES.filter((s) => !CLOSED.includes(s)) : CLOSED) : undefined,
      from,
      to: q.end_date,
      limit: MAX_RESULTS,
      offset: 0,
    });
    res.json(await views(page.events));
  });

  router.get('/requests/:id.json', async (req, res) => {
    const id = req.params.id as string;
    const e = await getEvent(db, id);
    const rules = await eventRules(db);
    res.json(await open311Views(db, req.principal, [e], (x) => toOpen311Request(x, rules.categoryByCode.get(x.category)?.name_en ?? x.category, originOf(req))));
  });

  router.post('/requests.json', async (req, res) => {
    const key = (req.body?.api_key ?? req.query.api_key) as string | undefined;
    if (!key) throw new ValidationError('api_key is required to create a request.', [{ field: 'api_key', problem: 'missing' }]);
    if (settings.open311Keys.length === 0) throw new ForbiddenError('Invalid api_key: this service takes no Open311 requests until its operator sets GRIDWORK_OPEN311_KEYS.');
    if (!settings.open311Keys.includes(key)) throw new ForbiddenError('Invalid api_key.');
    const body = parseWith(createBody, req.body, 'body');
    const rules = await eventRules(db);
    const service = rules.categoryByCode.get(body.service_code);
    if (!service) throw new ValidationError(`Unknown service_code "${body.service_code}": see services.json.`, [{ field: 'service_code', problem: 'unknown' }]);
    const reporter = [body.first_name, body.last_name].filter(Boolean).join(' ') || body.email || body.device_id || body.account_id || null;
    const { event } = await reportEvent(db, {
      category: body.service_code,
      severity: 'medium',
      description: body.description || service.name_en,
      lon: body.long,
      lat: body.lat,
      source: 'open311',
      reporter,
      address: body.address_string ?? null,
      photo_ref: body.media_url ?? null,
      actor: 'open311',
    }, settings);
    res.status(201).json([{ service_request_id: event.id, service_notice: `Received at the ${event.level} level (${event.grid_name ?? event.grid_code}).`, account_id: body.account_id ?? null }]);
  });

  router.use((req, _res) => {
    throw new NotFoundError(`No Open311 route ${req.method} ${req.originalUrl} (GeoReport v2, JSON only: services.json, requests.json, requests/ID.json).`);
  });
  router.use(open311Errors);
  return router;
}

/** This server's address as the client reached it, for links to photos stored here. */
function originOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** Whole requests where the caller holds events.read, the public view everywhere else. */
async function open311Views(db: Db, principal: Principal | null | undefined, events: EventView[], toRequest: (e: EventView) => Open311Request): Promise<Open311Request[]> {
  const scope = scopeCodes(principal ?? null, 'events.read');
  if (scope === null) return events.map(toRequest);
  const cells = [...new Set(events.flatMap((e) => (e.cell_code ? [e.cell_code] : [])))];
  const paths = new Map(scope.length === 0 || cells.length === 0 ? [] : (await selectAreaPaths(db, cells)).map((a) => [a.code, a.path.split('/')]));
  return events.map((e) => {
    const path = e.cell_code ? paths.get(e.cell_code) : undefined;
    return path && inScope(path, scope) ? toRequest(e) : publicOpen311Request(toRequest(e));
  });
}

const STATUS: Record<string, number> = { ValidationError: 400, UnauthorizedError: 401, ForbiddenError: 403, NotFoundError: 404, ConflictError: 409 };

/** Errors in GeoReport v2's shape: an array of { code, description }. */
const open311Errors: ErrorRequestHandler = (err, _req, res, _next) => {
  const status = STATUS[err?.name] ?? (typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500);
  if (status === 500) console.error(err);
  const description = status === 500 ? 'The server failed to answer; the error is in its log.' : err.type === 'entity.parse.failed' ? `The body is not valid JSON: ${err.message}` : err.message;
  const problems = err instanceof ValidationError ? err.problems.map((p) => ({ code: status, description: `${p.field ?? ''}: ${p.problem}` })) : [];
  res.status(status).json([{ code: status, description }, ...problems.slice(1)]);
};

/** A form's percent-encoded bytes must decode to UTF-8: querystring would turn others into U+FFFD, stored for good (#14). */
function formIsUtf8(_req: unknown, _res: unknown, buf: Buffer): void {
  const fields = buf.toString('latin1').split('&');
  for (const [i, field] of fields.entries()) {
    try {
      decodeURIComponent(field.replace(/\+/g, ' '));
    } catch {
      const name = field.split('=')[0];
      throw Object.assign(new Error(`The form field ${i + 1} (${/^[\w.-]{1,40}$/.test(name) ? name : 'unnamed'}) is not valid UTF-8 percent-encoding: encode the form as UTF-8.`), { status: 400, type: 'entity.encoding' });
    }
  }
}
