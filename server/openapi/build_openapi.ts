import { accessPaths } from './paths_access.ts';
import { areaPaths } from './paths_areas.ts';
import { eventPaths } from './paths_events.ts';
import { mapPaths } from './paths_map.ts';
import { mediaPaths } from './paths_media.ts';
import { planPaths } from './paths_plans.ts';
import { registerPaths } from './paths_registers.ts';
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
      { name: 'open311', description: 'Open311 GeoReport v2' },
      { name: 'map', description: 'Vector tiles, search, configuration' },
      { name: 'ogc', description: 'OGC API – Features' },
      { name: 'access', description: 'Sign-in, users, audit' },
      { name: 'plans', description: 'Drafts of boundary changes, live checks, publish, versions' },
    ],
    paths: { ...areaPaths, ...registerPaths, ...eventPaths, ...mediaPaths, ...mapPaths, ...accessPaths, ...keyPaths, ...planPaths },
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
