import { body, errors, ok, path, query, ref, type Paths, type Schema } from './openapi_helpers.ts';

const id = path('id', 'The plan id', 'integer');
const ifMatch: Schema = { name: 'If-Match', in: 'header', required: true, description: 'The plan\'s revision as its ETag gave it ("7"): a stale one is refused with 409', schema: { type: 'string' } };

const plan: Schema = {
  type: 'object',
  properties: {
    id: { type: 'integer' }, root: { type: 'string' }, name: { type: 'string' },
    status: { type: 'string', enum: ['draft', 'published', 'discarded'] }, rev: { type: 'integer' },
    created_by: { type: 'string' }, created_at: { type: 'string' }, updated_at: { type: 'string' },
    base_version: { type: 'integer', nullable: true }, proposal_id: { type: 'integer', nullable: true },
    published_version: { type: 'integer', nullable: true }, last_touched: { type: 'array', items: { type: 'string' } },
    can_undo: { type: 'boolean' }, can_redo: { type: 'boolean' },
  },
};
const check: Schema = {
  type: 'object',
  description: "Each touched cell's households, people and facilities in its drafted outline against its sizing band, and the coverage problems among the touched cells' parents' children (the shape of GET /api/coverage's features)",
  properties: {
    cells: { type: 'array', items: { type: 'object', properties: {
      code: { type: 'string' }, name: { type: 'string' }, level: { type: 'string' }, households: { type: 'integer' }, people: { type: 'integer' }, facilities: { type: 'integer' },
      band: { type: 'object', nullable: true, properties: { min: { type: 'integer', nullable: true }, max: { type: 'integer', nullable: true } } },
      status: { type: 'string', enum: ['under', 'within', 'over', 'exempt', 'no_rule'] }, deviation: { type: 'integer' }, deviation_pct: { type: 'number', nullable: true },
    } } },
    problems: ref('FeatureCollection'),
    ms: { type: 'number' },
  },
};
const editResult: Schema = { type: 'object', properties: { plan, touched: { type: 'array', items: { type: 'string' } }, check } };
const polygon: Schema = { type: 'object', description: 'A GeoJSON Polygon or MultiPolygon (WGS84)', properties: { type: { type: 'string', enum: ['Polygon', 'MultiPolygon'] }, coordinates: { type: 'array', items: {} } } };
const edit: Schema = {
  oneOf: [
    { type: 'object', required: ['op', 'code', 'geometry'], properties: { op: { type: 'string', enum: ['reshape'] }, code: { type: 'string' }, geometry: polygon, snap_m: { type: 'number', default: 1 } } },
    { type: 'object', required: ['op', 'code', 'line'], properties: { op: { type: 'string', enum: ['split'] }, code: { type: 'string' }, line: { type: 'object', description: 'A GeoJSON LineString across the cell' } } },
    { type: 'object', required: ['op', 'codes'], properties: { op: { type: 'string', enum: ['merge'] }, codes: { type: 'array', items: { type: 'string' }, minItems: 2 } } },
    { type: 'object', required: ['op', 'parent_code', 'level', 'name', 'geometry'], properties: { op: { type: 'string', enum: ['create'] }, parent_code: { type: 'string' }, level: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' }, geometry: polygon, snap_m: { type: 'number' } } },
    { type: 'object', required: ['op', 'unit_codes', 'to'], properties: { op: { type: 'string', enum: ['paint'] }, unit_codes: { type: 'array', items: { type: 'string' } }, to: { type: 'string' } } },
    { type: 'object', required: ['op', 'code'], properties: { op: { type: 'string', enum: ['delete', 'lock', 'unlock'] }, code: { type: 'string' } } },
    { type: 'object', required: ['op', 'code', 'name'], properties: { op: { type: 'string', enum: ['rename'] }, code: { type: 'string' }, name: { type: 'string', minLength: 1, maxLength: 100 } } },
  ],
};
const editResponses = { '200': ok('The plan at its new revision (also in ETag), the cells touched and their live check', editResult), ...errors(400, 401, 403, 404, 409) };

/** Plans: drafts of boundary changes, their edits, checks, diff and publish; published versions. */
export const planPaths: Paths = {
  '/api/plans': {
    get: {
      tags: ['plans'], summary: 'Plans whose root is at or under `root` (discarded ones with discarded=true)',
      parameters: [query('root', 'An area code'), query('discarded', 'true: list discarded drafts too', { type: 'string', enum: ['true', 'false'] })],
      responses: { '200': ok('The plans', { type: 'object', properties: { plans: { type: 'array', items: plan } } }), ...errors(400, 401, 403) },
    },
    post: {
      tags: ['plans'], summary: 'Open a draft over the published subtree under `root` (from a sizing proposal with proposal_id)',
      requestBody: body('The root, a name, a proposal', { type: 'object', required: ['root'], properties: { root: { type: 'string' }, name: { type: 'string' }, proposal_id: { type: 'integer' } } }),
      responses: { '201': ok('The new draft (ETag: its revision)', plan), ...errors(400, 401, 403, 404) },
    },
  },
  '/api/plans/import': {
    post: {
      tags: ['plans'], summary: 'Open a draft from an assignment table (CSV unit_code,grid_code): units re-parented as it says; every bad row named',
      parameters: [query('root', 'The plan\'s root area', 'string', true), query('name', 'A name for the plan')],
      requestBody: body('The assignment table', { type: 'string' }, ['text/csv']),
      responses: { '201': ok('The new draft', plan), ...errors(400, 401, 403, 404, 409) },
    },
  },
  '/api/plans/{id}': {
    get: { tags: ['plans'], summary: 'One plan (ETag: its revision)', parameters: [id], responses: { '200': ok('The plan', plan), ...errors(401, 403, 404) } },
    delete: { tags: ['plans'], summary: 'Discard a draft', parameters: [id], responses: { '200': ok('The plan, discarded', plan), ...errors(401, 403, 404, 409) } },
  },
  '/api/plans/{id}/areas': {
    get: {
      tags: ['plans'], summary: "The draft's cells with their state against the published tree (unchanged, changed, new)",
      parameters: [id, query('level', 'Only cells of this level')],
      responses: { '200': ok('The cells', ref('FeatureCollection'), 'application/geo+json'), ...errors(400, 401, 403, 404) },
    },
  },
  '/api/plans/{id}/edits': {
    post: {
      tags: ['plans'], summary: 'Apply one edit: reshape (snapped to neighbours), split by a line (whole units), merge (shared border), create, paint units, rename, delete, lock, unlock',
      parameters: [id, ifMatch], requestBody: body('The edit', edit), responses: editResponses,
    },
  },
  '/api/plans/{id}/undo': { post: { tags: ['plans'], summary: 'Undo the newest edit, exactly', parameters: [id, ifMatch], responses: editResponses } },
  '/api/plans/{id}/redo': { post: { tags: ['plans'], summary: 'Redo the oldest undone edit, exactly', parameters: [id, ifMatch], responses: editResponses } },
  '/api/plans/{id}/check': {
    get: {
      tags: ['plans'], summary: 'The live check of these cells (default: those the last edit touched)',
      parameters: [id, query('codes', 'Comma-separated cell codes'), query('problems', '`false`: tallies and sizing only, no coverage check (colouring a whole draft)', { type: 'string', enum: ['true', 'false'], default: 'true' })],
      responses: { '200': ok('Tallies, sizing bands and coverage problems', check), ...errors(400, 401, 403, 404) },
    },
  },
  '/api/plans/{id}/diff': {
    get: {
      tags: ['plans'], summary: 'Changed cells, and the households, facilities, open events and staff that would move (no personal fields)',
      parameters: [id],
      responses: { '200': ok('The diff', { type: 'object', properties: { changed: ref('FeatureCollection'), moves: { type: 'object' }, totals: { type: 'object' } } }), ...errors(401, 403, 404) },
    },
  },
  '/api/plans/{id}/publish': {
    post: {
      tags: ['plans'], summary: 'Publish the draft in one transaction and record a version; 409 when the published cells changed since the draft was made',
      parameters: [id, ifMatch],
      requestBody: body('Why', { type: 'object', required: ['reason'], properties: { reason: { type: 'string' } } }),
      responses: { '200': ok('The version and what moved', { type: 'object', properties: { version: { type: 'object' }, moved: { type: 'object' } } }), ...errors(400, 401, 403, 404, 409) },
    },
  },
  '/api/plans/{id}/export': {
    get: {
      tags: ['plans'], summary: "The draft as GeoJSON, or its assignment table (unit_code,unit_name,grid_code,grid_name) as CSV",
      parameters: [id, query('format', 'geojson (default) or csv', { type: 'string', enum: ['geojson', 'csv'] })],
      responses: { '200': { description: 'The export', content: { 'application/geo+json': { schema: ref('FeatureCollection') }, 'text/csv': { schema: { type: 'string' } } } }, ...errors(400, 401, 403, 404) },
    },
  },
  '/api/versions': {
    get: {
      tags: ['plans'], summary: 'Published versions (who, when, why, which plan), newest first',
      responses: { '200': ok('The versions', { type: 'object', properties: { versions: { type: 'array', items: { type: 'object' } } } }), ...errors(401, 403) },
    },
  },
  '/api/versions/{id}/areas': {
    get: {
      tags: ['plans'], summary: 'The areas under a version\'s root as they stood when it was published (GeoJSON)',
      parameters: [path('id', 'The version id', 'integer'), query('level', 'Only areas of this level')],
      responses: { '200': ok('The areas', ref('FeatureCollection'), 'application/geo+json'), ...errors(400, 401, 403, 404) },
    },
  },
};
