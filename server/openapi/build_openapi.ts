import { accessPaths } from './paths_access.ts';
import { areaPaths } from './paths_areas.ts';
import { eventPaths } from './paths_events.ts';
import { mapPaths } from './paths_map.ts';
import { mediaPaths } from './paths_media.ts';
import { patrolPaths } from './paths_patrols.ts';
import { planPaths } from './paths_plans.ts';
import { registerPaths } from './paths_registers.ts';
import { registerFilePaths } from './paths_register_files.ts';
import { schemas } from './schemas.ts';
import { keyPaths } from './paths_keys.ts';

/**
 * The OpenAPI 3.0 document for the whole API, written by hand one resource a file (paths_*.ts).
 * test/api/openapi.test.ts checks that every route the routers declare is in it.
 */
export function buildOpenapi(serverUrl?: string): Record<string, unknown> {
  return {
    openapi: '3.0.3',
    info: {
      title: 'Gridwork 网格通 API',
      version: '0.1.0',
      description:
        'Grid governance (网格化管理): the area tree in PostGIS, households and facilities assigned to cells, coverage and sizing checks, events in a closed loop, and the one map (一张图) as vector tiles and OGC API – Features. GeoJSON is RFC 7946 (WGS84).',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    tags: [
      { name: 'areas', description: 'The area tree: towns, communities, grids, units' },
      { name: 'registers', description: 'Households, facilities, staff, party organisations' },
      { name: 'checks', description: 'Coverage and sizing' },
      { name: 'events', description: 'Events (事件) and their closed loop' },
      { name: 'patrols', description: 'Patrols (巡查), visits (走访) and visit coverage' },
      { name: 'open311', description: 'Open311 GeoReport v2' },
      { name: 'map', description: 'Vector tiles, search, configuration' },
      { name: 'ogc', description: 'OGC API – Features' },
      { name: 'access', description: 'Sign-in, users, audit' },
      { name: 'plans', description: 'Drafts of boundary changes, live checks, publish, versions' },
    ],
    paths: withOperationIds({ ...areaPaths, ...registerPaths, ...registerFilePaths, ...eventPaths, ...mediaPaths, ...patrolPaths, ...mapPaths, ...accessPaths, ...keyPaths, ...planPaths }),
    // Every operation needs a session token or key unless it says otherwise (security: []).
    security: [{ bearer: [] }, { basic: [] }],
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'POST /api/auth/login gives a token; a personal access key (POST /api/keys) works too' },
        basic: { type: 'http', scheme: 'basic', description: 'Reads only: your user name and a personal access key as the password' },
        key: { type: 'apiKey', in: 'query', name: 'key', description: 'Reads of /tiles and /ogc only: a personal access key (never logged)' },
      },
    },
  };
}

/** Routes that answer without sign-in: their operations say so (an empty security). */
const PUBLIC_OPERATIONS = new Set(['post /api/auth/login', 'post /api/auth/logout', 'get /api/health', 'get /api/config', 'get /api/openapi.json']);

/**
 * Each operation with an operationId made from its method and path (`getApiAreasByCode`) unless
 * it names its own, so that client generators give every call a name; the public ones with an
 * empty `security`.
 */
function withOperationIds<T extends Record<string, Record<string, Record<string, unknown>>>>(paths: T): T {
  const id = (method: string, path: string) =>
    method +
    path
      .split('/')
      .filter(Boolean)
      .map((part) => (part.startsWith('{') ? `By${cap(part.slice(1, -1))}` : cap(part)))
      .join('')
      .replace(/[^A-Za-z0-9]/g, '');
  return Object.fromEntries(
    Object.entries(paths).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, op]) => [
          method,
          { operationId: id(method, path), ...op, ...(PUBLIC_OPERATIONS.has(`${method} ${path}`) || (method === 'get' && path.startsWith('/open311/')) ? { security: [] } : {}) },
        ]),
      ),
    ]),
  ) as unknown as T;
}

const cap = (s: string) => s.replace(/(^|[-_.])(\w)/g, (_, _sep: string, c: string) => c.toUpperCase());
