import { bbox, body, errors, ok, path, query, ref, type Paths } from './openapi_helpers.ts';

const filters = [
  query('status', 'Comma-separated: reported, accepted, dispatched, in_progress, resolved, verified, closed, suspended, cancelled'),
  query('category', 'Comma-separated category codes'),
  query('level', 'Comma-separated: grid, community, town, city'),
  query('area', 'An area code: events under it'),
  query('from', 'Reported at or after (ISO 8601)'),
  query('to', 'Reported before (ISO 8601)'),
  bbox,
];

/** Events (事件) and their closed loop, and Open311 GeoReport v2. */
export const eventPaths: Paths = {
  '/api/events': {
    get: {
      tags: ['events'],
      summary: 'Events, filtered and paged',
      parameters: [...filters, query('overdue', 'true: only overdue ones', { type: 'string', enum: ['true', 'false'] }), query('format', 'json (default) or geojson'), query('limit', 'At most this many (≤ 5,000)', 'integer'), query('offset', 'Skip this many', 'integer')],
      responses: { '200': ok('{ events, total, limit, offset, next_offset } or a FeatureCollection'), ...errors(400) },
    },
    post: {
      tags: ['events'],
      summary: 'Report an event; its grid is found from its point. Idempotent by client id',
      requestBody: body('{ id?, category, severity?, description, location: Point or {lon,lat}, reporter?, source?, photo_ref?, media?: [photo ids from POST /api/media], address?, level?, reported_at? }'),
      responses: { '201': ok('Reported'), '200': ok('Already reported with this id: the stored event'), ...errors(400, 409) },
    },
  },
  '/api/events/categories': { get: { tags: ['events'], summary: 'Categories, severities, levels, statuses, actions, sources and deadlines', responses: { '200': ok('The vocabulary') } } },
  '/api/events/stream': {
    get: {
      tags: ['events'],
      summary: 'Server-Sent Events of every transition, resuming after Last-Event-ID',
      parameters: [query('last_event_id', 'Resume after this log sequence (EventSource cannot send the header on its first connection)', 'integer')],
      responses: { '200': ok('An event stream', { type: 'string' }, 'text/event-stream'), ...errors(400) },
    },
  },
  '/api/events/heat': {
    get: {
      tags: ['events'],
      summary: 'Events counted into square bins sized for a zoom (for heatmaps)',
      parameters: [...filters, query('zoom', 'Map zoom (default 12)', 'number'), query('cell_px', 'Bin side in pixels (default 32)', 'integer'), query('format', 'json (default) or geojson'), query('geometry', 'point or polygon (geojson)'), query('method', 'memory (default) or sql')],
      responses: { '200': ok('{ bins: [{ lon, lat, count, … }] }'), ...errors(400) },
    },
  },
  '/api/events/stats': {
    get: {
      tags: ['events'],
      summary: 'Counts and closure times per area under a root, as JSON or CSV',
      parameters: [query('area', 'The root area code', 'string', true), query('group', 'The level to group by (default grid)'), query('from', 'From (ISO 8601)'), query('to', 'To (ISO 8601)'), query('format', 'json or csv')],
      responses: { '200': ok('The statistics'), ...errors(400, 404) },
    },
  },
  '/api/events/{id}': {
    get: { tags: ['events'], summary: 'One event with its history', parameters: [path('id', 'The event id')], responses: { '200': ok('The event'), ...errors(404) } },
  },
  '/api/events/check': {
    get: {
      tags: ['events'],
      summary: 'Before a report: whether the point lies in a grid of the caller, how near its edge, the address to fill in, and open events of the category nearby (likely duplicates). Writes nothing',
      parameters: [query('lon', 'Longitude (WGS84)', 'number', true), query('lat', 'Latitude (WGS84)', 'number', true), query('category', 'A category code: duplicates of it'), query('accuracy', 'The position\'s accuracy in metres: near the edge within it', 'number')],
      responses: { '200': ok('{ where: inside|outside_scope|no_grid, grid, cell, edge_m, near_edge, address, likely_duplicates }'), ...errors(400, 401, 403) },
    },
  },
  '/api/events/{id}/media': {
    post: {
      tags: ['events'],
      summary: 'Add photos to an event already reported (instead of reporting it again); a photo it holds is skipped',
      parameters: [path('id', 'The event id')],
      requestBody: body('{ media: [photo id …] }'),
      responses: { '200': ok('{ added, media }'), ...errors(400, 401, 403, 404) },
    },
  },
  '/api/events/{id}/transitions': {
    post: {
      tags: ['events'],
      summary: 'Move an event through its loop: accept, dispatch, escalate, resolve, verify, close …',
      parameters: [path('id', 'The event id')],
      requestBody: body('{ action, to?, assignee?, note?, by, client_id? (a retry under it is answered, not applied again), media?: [photo ids] }'),
      responses: { '200': ok('The event after the transition'), ...errors(400, 404, 409) },
    },
  },
  '/open311/v2/discovery.json': { get: { tags: ['open311'], summary: 'Open311 GeoReport v2 discovery', responses: { '200': ok('Discovery') } } },
  '/open311/v2/services.json': { get: { tags: ['open311'], summary: 'Service types (the event categories)', responses: { '200': ok('Services', { type: 'array', items: { type: 'object' } }) } } },
  '/open311/v2/services/{code}.json': { get: { tags: ['open311'], summary: 'One service definition', parameters: [path('code', 'Service code')], responses: { '200': ok('Definition'), ...errors(404) } } },
  '/open311/v2/requests.json': {
    get: { tags: ['open311'], summary: 'Service requests (events)', parameters: [query('service_code', 'Category'), query('status', 'open or closed'), query('start_date', 'ISO 8601'), query('end_date', 'ISO 8601')], responses: { '200': ok('Requests', { type: 'array', items: { type: 'object' } }), ...errors(400) } },
    post: { tags: ['open311'], summary: 'Report a service request', requestBody: body('Open311 fields: service_code, lat, long, description …', { type: 'object' }, ['application/x-www-form-urlencoded', 'application/json']), responses: { '200': ok('[{ service_request_id }]'), ...errors(400) } },
  },
  '/open311/v2/requests/{id}.json': { get: { tags: ['open311'], summary: 'One service request', parameters: [path('id', 'The request id')], responses: { '200': ok('[request]'), ...errors(404) } } },
  '/api/coverage': {
    get: {
      tags: ['checks'],
      summary: 'Gaps, overlaps, spills, slivers, invalid geometry and orphans under a root, as GeoJSON with areas in m² and what they affect',
      parameters: [query('root', 'The area code whose subtree to check', 'string', true), query('tolerance', 'Snapping tolerance in metres', 'number'), query('min_area', 'Ignore problems smaller than this (m²)', 'number'), query('levels', 'Comma-separated levels'), query('kinds', 'Comma-separated kinds')],
      responses: { '200': ok('The problems', ref('FeatureCollection'), 'application/geo+json'), ...errors(400, 404) },
    },
  },
  '/api/coverage/fixes': {
    post: { tags: ['checks'], summary: 'Apply a suggested fix (assign a gap, trim an overlap, clip a spill …)', requestBody: body('{ problem_id? | kind + codes, type, options? }'), responses: { '201': ok('The fix applied, undoable'), ...errors(400, 404, 409) } },
  },
  '/api/coverage/fixes/{id}/undo': {
    post: { tags: ['checks'], summary: 'Undo a fix', parameters: [path('id', 'The fix id', 'integer')], responses: { '200': ok('Undone'), ...errors(404, 409) } },
  },
  '/api/coverage/exceptions': {
    post: { tags: ['checks'], summary: 'Accept a problem as it is (a lake, a river), with the reason', requestBody: body('{ problem_id, reason, by? }'), responses: { '201': ok('Recorded'), ...errors(400) } },
  },
  '/api/coverage/exceptions/{problem_id}': {
    delete: { tags: ['checks'], summary: 'Withdraw an exception', parameters: [path('problem_id', 'The problem id')], responses: { '200': ok('Withdrawn'), ...errors(404) } },
  },
  '/api/sizing': {
    get: {
      tags: ['checks'],
      summary: 'Households and people per cell against the sizing rule (200–400 households per base grid), under/within/over',
      parameters: [query('root', 'The area code to report under', 'string', true), query('level', 'The level to size (default grid)'), query('format', 'json or csv')],
      responses: { '200': ok('The report'), ...errors(400, 404) },
    },
  },
  '/api/sizing/rules': {
    get: { tags: ['checks'], summary: 'The sizing rules in force (ETag: their revision)', responses: { '200': ok('The rules') } },
    put: {
      tags: ['checks'],
      summary: 'Replace the sizing rules',
      parameters: [{ name: 'If-Match', in: 'header', required: false, description: 'The ETag of GET /api/sizing/rules the change was made on: rules saved by someone else meanwhile are a 409, not overwritten', schema: { type: 'string' } }],
      requestBody: body('{ rules: [{ level, kind, min, max, … }] }'),
      responses: { '200': ok('The rules now in force'), ...errors(400, 409) },
    },
  },
  '/api/sizing/proposals': {
    post: { tags: ['checks'], summary: 'Propose a split, merge or rebalance of grids to meet the rule', requestBody: body('{ kind: split|merge|rebalance, codes, band?, seed?, … }'), responses: { '201': ok('The proposal'), ...errors(400, 404) } },
  },
  '/api/sizing/proposals/{id}': {
    get: { tags: ['checks'], summary: 'One proposal', parameters: [path('id', 'The proposal id', 'integer')], responses: { '200': ok('The proposal'), ...errors(404) } },
  },
};
