import { body, errors, ok, path, query, type Paths } from './openapi_helpers.ts';

/** Patrols (巡查) and visits (走访) by grid workers in the field. */
export const patrolPaths: Paths = {
  '/api/patrols': {
    get: {
      tags: ['patrols'],
      summary: "Patrol tracks the caller may see (their own; others' with patrols.read in its subtrees), newest first, as GeoJSON LineStrings with distance, duration and units passed",
      parameters: [query('area', 'Only patrols held in this area’s subtree'), query('period', 'today or week (the last 7 days)'), query('from', 'Only patrols running after this time (ISO 8601)'), query('to', 'Only patrols started before this time'), query('limit', 'At most this many (≤ 1,000)', 'integer')],
      responses: { '200': ok('A FeatureCollection', { type: 'object' }, 'application/geo+json'), ...errors(400, 401, 403) },
    },
    post: {
      tags: ['patrols'],
      summary: 'Start a patrol, held at `area` (or the one area where the caller records patrols). Idempotent by client id',
      requestBody: body('{ id?, area?, started_at? }'),
      responses: { '201': ok('Started: the patrol as a Feature'), '200': ok('Already started with this id'), ...errors(400, 401, 403, 409) },
    },
  },
  '/api/patrols/stats': {
    get: {
      tags: ['patrols'],
      summary: 'Visit coverage (走访覆盖率) per area of a level under `area`: units visited in the last `days` (7) of all units. Aggregates only',
      parameters: [query('area', 'The area whose subtree is counted', 'string', true), query('group', 'grid (default), community or town'), query('days', 'The window in days (default 7)', 'integer'), query('format', 'json (default) or csv')],
      responses: { '200': ok('{ area, group, since, areas: [{ code, name, level, units, visited, visits, coverage }] } or CSV'), ...errors(400, 401, 403, 404) },
    },
  },
  '/api/patrols/{id}': {
    get: {
      tags: ['patrols'],
      summary: 'One patrol the caller may see, as a Feature',
      parameters: [path('id', 'The patrol id')],
      responses: { '200': ok('The patrol', { type: 'object' }, 'application/geo+json'), ...errors(401, 404) },
    },
  },
  '/api/patrols/{id}/points': {
    post: {
      tags: ['patrols'],
      summary: "Append a batch of track points to the caller's running patrol; a batch id sent again is stored once. Points must be in time order after those stored; GPS jumps are kept but not drawn",
      parameters: [path('id', 'The patrol id')],
      requestBody: body('{ batch: client id, points: [{ lon, lat, t (ISO 8601), accuracy? (m) }] } (1–1,000 points)'),
      responses: { '201': ok('{ batch, received, kept, patrol }'), '200': ok('This batch was stored before'), ...errors(400, 401, 403, 404, 409) },
    },
  },
  '/api/patrols/{id}/stop': {
    post: {
      tags: ['patrols'],
      summary: "Stop the caller's patrol (again: no change)",
      parameters: [path('id', 'The patrol id')],
      requestBody: body('{ stopped_at? }'),
      responses: { '200': ok('The stopped patrol as a Feature'), ...errors(400, 401, 403, 404) },
    },
  },
  '/api/visits': {
    post: {
      tags: ['patrols'],
      summary: 'Log a visit (走访) to a unit or a household, with a note and photos (ids from POST /api/media). Idempotent by client id',
      requestBody: body('{ id?, unit? | household?, patrol_id?, note, visited_at?, media?: [photo ids] }'),
      responses: { '201': ok('The visit'), '200': ok('Already logged with this id'), ...errors(400, 401, 403, 409) },
    },
  },
};
