import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** postgres://… to use a PostGIS server; unset for the embedded database. */
  databaseUrl?: string;
  /** The embedded database's directory. */
  dataDir: string;
  /** Load the demo town when the database holds no areas. */
  loadDemo: boolean;
  /** Largest request body accepted by the bulk routes (imports, locate, registers). */
  bodyLimit: string;
  /** Largest JSON body accepted by every other route (an event, a transition, a user). */
  jsonLimit: string;
  /** Deepest nesting of arrays and objects a JSON body may have (GeoJSON needs about 8). */
  jsonDepthLimit: number;
  /** Writes (POST, PUT, PATCH, DELETE) allowed per minute from one address; 0 turns the limit off. */
  writeLimitPerMinute: number;
  /** How long a statement waits for a lost PostGIS server to come back before it fails (ms). */
  dbConnectWaitMs: number;
  /** Optional raster basemap tile URL template ({z}/{x}/{y}), e.g. a Tianditu or OSM service. */
  basemapUrl?: string;
  /** The first administrator, made on start when no user of that name exists. */
  adminUser?: string;
  adminPassword?: string;
  /** Sign-in attempts allowed per minute from one address. */
  loginLimitPerMinute: number;
  /** Largest photo accepted by POST /api/media, in bytes (the phone app sends them shrunk to a few hundred KB). */
  mediaMaxBytes: number;
  /** Area tiles rendered into the cache at start, up to this zoom (0: none), so the first map opened is served from memory. */
  tileSeedMaxZoom: number;
}

/** Reads the configuration from the environment; every setting has a working default. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.GRIDWORK_DATA_DIR ?? '.gridwork/db'),
    loadDemo: env.GRIDWORK_DEMO !== '0',
    bodyLimit: env.GRIDWORK_BODY_LIMIT ?? '50mb',
    basemapUrl: env.GRIDWORK_BASEMAP_URL || undefined,
    adminUser: env.GRIDWORK_ADMIN_USER || undefined,
    adminPassword: env.GRIDWORK_ADMIN_PASSWORD || undefined,
    loginLimitPerMinute: Number(env.GRIDWORK_LOGIN_LIMIT ?? 20),
    jsonLimit: env.GRIDWORK_JSON_LIMIT ?? '1mb',
    jsonDepthLimit: positiveInt(env.GRIDWORK_JSON_DEPTH, 64),
    // Generous: the hotline gateway or an import script posts from one address; the limit is
    // there to stop a runaway client, not to shape normal traffic (nor the load bench's).
    writeLimitPerMinute: nonNegativeInt(env.GRIDWORK_WRITE_LIMIT, 60_000),
    dbConnectWaitMs: nonNegativeInt(env.GRIDWORK_DB_CONNECT_WAIT_MS, 10_000),
    tileSeedMaxZoom: nonNegativeInt(env.GRIDWORK_TILE_SEED_MAXZOOM, 13),
    mediaMaxBytes: positiveInt(env.GRIDWORK_MEDIA_MAX_BYTES, 12 * 1024 * 1024),
  };
}

function positiveInt(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return v !== undefined && v !== '' && Number.isInteger(n) && n > 0 ? n : fallback;
}

function nonNegativeInt(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return v !== undefined && v !== '' && Number.isInteger(n) && n >= 0 ? n : fallback;
}
