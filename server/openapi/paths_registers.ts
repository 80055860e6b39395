import { body, errors, ok, query, type Paths } from './openapi_helpers.ts';

const importParams = [
  query('crs', 'Coordinates: wgs84 (default), cgcs2000, gcj02 or bd09'),
  query('on_error', 'refuse (default) the whole file on any bad row, or skip bad rows', { type: 'string', enum: ['refuse', 'skip'] }),
  query('region', 'The region (town) code'),
  query('near_edge_m', 'Flag points within this many metres of a cell edge', 'number'),
  ...['id', 'lon', 'lat', 'address', 'people', 'floating', 'flags', 'name', 'category', 'head_name', 'phone'].map((f) => query(`${f}_field`, `The column or property holding ${f}`)),
];
const importBody = body('GeoJSON points or CSV with lon/lat columns', { type: 'object' }, ['application/json', 'application/geo+json', 'text/csv']);
const listParams = [
  query('within', 'An area code: only what is assigned under it'),
  query('assignment', 'assigned, orphan, ambiguous, near_edge or pending'),
  query('region', 'The region (town) code'),
  query('limit', 'At most this many', 'integer'),
  query('offset', 'Skip this many', 'integer'),
];

/** Households, facilities, staff and party organisations. */
export const registerPaths: Paths = {
  '/api/households': {
    get: { tags: ['registers'], summary: 'Households (no personal fields unless the role may see them)', parameters: listParams, responses: { '200': ok('The households'), ...errors(400) } },
  },
  '/api/households/import': {
    post: { tags: ['registers'], summary: 'Import and assign households in one transaction', parameters: importParams, requestBody: importBody, responses: { '201': ok('Counts written and assigned, and the problems'), ...errors(400, 413) } },
  },
  '/api/facilities': {
    get: { tags: ['registers'], summary: 'Facilities', parameters: [...listParams, query('category', 'Only this category')], responses: { '200': ok('The facilities'), ...errors(400) } },
  },
  '/api/facilities/import': {
    post: { tags: ['registers'], summary: 'Import and assign facilities in one transaction', parameters: importParams, requestBody: importBody, responses: { '201': ok('Counts written and assigned, and the problems'), ...errors(400, 413) } },
  },
  '/api/staff': {
    get: {
      tags: ['registers'],
      summary: 'Staff by role at an area and under it ("1+1+1+N"); phone numbers never listed',
      parameters: [query('within', 'An area code'), query('role', 'grid_leader, grid_worker, part_time_worker, police, property_manager, unit_leader, party_contact or volunteer'), query('limit', 'At most this many', 'integer'), query('offset', 'Skip this many', 'integer')],
      responses: { '200': ok('{ staff: [{ id, name, role, area_code, area_name, area_level }] }'), ...errors(400) },
    },
    post: {
      tags: ['registers'],
      summary: 'Register staff and their roles at areas, in one transaction',
      requestBody: body('{ region?, staff: [{ id, name, phone?, roles: [{ role, area }] }] }'),
      responses: { '201': ok('What was written'), ...errors(400) },
    },
  },
  '/api/staff/check': {
    get: {
      tags: ['registers'],
      summary: 'Grids under a root missing a grid leader, grid worker … (the "1+1+1+N" check)',
      parameters: [query('root', 'The area code to check under', 'string', true), query('level', 'The level to check (default grid)')],
      responses: { '200': ok('The gaps'), ...errors(400, 404) },
    },
  },
  '/api/party-orgs': {
    get: {
      tags: ['registers'],
      summary: 'Party organisations (一网格一支部) at an area and under it',
      parameters: [query('within', 'An area code'), query('kind', 'committee, general_branch, branch or group'), query('limit', 'At most this many', 'integer')],
      responses: { '200': ok('The organisations'), ...errors(400) },
    },
    post: {
      tags: ['registers'],
      summary: 'Register party organisations, in one transaction',
      requestBody: body('{ region?, orgs: [{ code, name, kind, area?, parent?, members? }] }'),
      responses: { '201': ok('What was written'), ...errors(400) },
    },
  },
};
