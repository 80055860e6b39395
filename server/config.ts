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
  /** Optional raster basemap tile URL template ({z}/{x}/{y}), e.g. a city's tile server or OSM. */
  basemapUrl?: string;
  /** A PMTiles basemap file on this server's disk, served for range requests (GRIDWORK_BASEMAP_FILE). */
  basemapFile?: string;
  /** Where the demo town's generated basemap is written (GRIDWORK_BASEMAP_DIR). */
  basemapDir: string;
  /** A Tianditu browser key: offers its vector and imagery maps (GRIDWORK_TIANDITU_KEY). */
  tiandituKey?: string;
  /** A MapLibre style URL drawn under the areas (GRIDWORK_BASEMAP_STYLE_URL). */
  basemapStyleUrl?: string;
  /** The basemap the map opens on: offline, tianditu-vec, tianditu-img, xyz, style or none (GRIDWORK_BASEMAP). */
  basemap?: string;
  /** The first administrator, made on start when no user of that name exists. */
  adminUser?: string;
  adminPassword?: string;
  /** Sign-in attempts allowed per minute from one address. */
  loginLimitPerMinute: number;
  /** Largest photo accepted by POST /api/media, in bytes (the phone app sends them shrunk to a few hundred KB). */
  mediaMaxBytes: number;
  /** Most vertices one feature may have: an imported area, a drawn or reshaped outline (413 over it). */
  maxFeatureVertices: number;
  /** Most vertices one request (an import) may carry in all (413 over it). */
  maxRequestVertices: number;
  /** Heavy requests (coverage, sizing, imports, publishes) one user may have running at once (429 over it). */
  heavyPerUser: number;
  /** Heavy requests the service runs at once, all users together (429 over it). */
  heavyTotal: number;
  /** How long one heavy request may run before it is stopped and rolled back (ms). */
  heavyTimeLimitMs: number;
  /** Reads (GET, HEAD) a minute allowed per signed-in user; 0 turns the limit off. */
  readLimitPerUser: number;
  /** Reads a minute allowed per address, signed in or not; 0 turns the limit off. */
  readLimitPerAddress: number;
  /** Area tiles rendered into the cache at start, up to this zoom (0: none), so the first map opened is served from memory. */
  tileSeedMaxZoom: number;
  /**
   * Where clients reach the service (`https://grid.example.gov.cn`, with a path prefix if any):
   * links the API writes (OGC paging, TileJSON, OpenAPI servers) start with it. Unset: the
   * address the connection came in on, never the request's Host header.
   */
  publicUrl?: string;
  /** Express's `trust proxy`: which proxies' X-Forwarded-For/-Proto to believe (false: none). */
  trustProxy: boolean | number | string;
  /** Origins (`https://gis.example.gov.cn`) whose pages may call the API cross-origin (CORS, preflights included); empty: none. */
  corsOrigins: string[];
  /** The OGC landing page, conformance and the TileJSON documents answer without sign-in (GRIDWORK_PUBLIC_METADATA=1). */
  publicMetadata: boolean;
  /** Log one line per request (method, path without any key, status, ms) to stdout (GRIDWORK_ACCESS_LOG=1). */
  accessLog: boolean;
  /** Event and change streams one user may hold open at once; beyond it a 429. */
  streamsPerUser: number;
  /** Event and change streams one address may hold open at once; beyond it a 429. */
  streamsPerAddress: number;
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
    basemapFile: env.GRIDWORK_BASEMAP_FILE ? path.resolve(env.GRIDWORK_BASEMAP_FILE) : undefined,
    basemapDir: path.resolve(env.GRIDWORK_BASEMAP_DIR ?? '.gridwork/basemap'),
    tiandituKey: env.GRIDWORK_TIANDITU_KEY || undefined,
    basemapStyleUrl: env.GRIDWORK_BASEMAP_STYLE_URL || undefined,
    basemap: env.GRIDWORK_BASEMAP || undefined,
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
    publicUrl: publicUrl(env.GRIDWORK_PUBLIC_URL),
    trustProxy: trustProxy(env.GRIDWORK_TRUST_PROXY),
    corsOrigins: corsOrigins(env.GRIDWORK_CORS_ORIGINS),
    publicMetadata: env.GRIDWORK_PUBLIC_METADATA === '1' || env.GRIDWORK_PUBLIC_METADATA === 'true',
    accessLog: env.GRIDWORK_ACCESS_LOG === '1' || env.GRIDWORK_ACCESS_LOG === 'true',
    // A command centre holds two streams a tab (events, area changes); an office behind one
    // address holds a few dozen. Enough for both, far below what would tire the server.
    streamsPerUser: positiveInt(env.GRIDWORK_STREAMS_PER_USER, 20),
    streamsPerAddress: positiveInt(env.GRIDWORK_STREAMS_PER_ADDRESS, 100),
    mediaMaxBytes: positiveInt(env.GRIDWORK_MEDIA_MAX_BYTES, 12 * 1024 * 1024),
    // The largest real boundary we load has 18,606 vertices (a Cambridge parcel), the largest file
    // 177,177: ten and five times headroom. A 1,000,000-vertex polygon held the server for minutes.
    maxFeatureVertices: positiveInt(env.GRIDWORK_MAX_FEATURE_VERTICES, 100_000),
    maxRequestVertices: positiveInt(env.GRIDWORK_MAX_REQUEST_VERTICES, 1_000_000),
    heavyPerUser: positiveInt(env.GRIDWORK_HEAVY_PER_USER, 2),
    heavyTotal: positiveInt(env.GRIDWORK_HEAVY_TOTAL, 4),
    heavyTimeLimitMs: positiveInt(env.GRIDWORK_HEAVY_TIME_LIMIT_S, 120) * 1000,
    // A map opening or panning pulls a few dozen tiles at once; a minute of busy use, a few hundred.
    readLimitPerUser: nonNegativeInt(env.GRIDWORK_READ_LIMIT_USER, 6000),
    readLimitPerAddress: nonNegativeInt(env.GRIDWORK_READ_LIMIT_ADDRESS, 12_000),
  };
}

/** GRIDWORK_PUBLIC_URL as an origin with its path prefix and no trailing slash; a bad one stops the start. */
function publicUrl(v: string | undefined): string | undefined {
  if (!v) return undefined;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new Error(`GRIDWORK_PUBLIC_URL must be a full URL such as https://grid.example.gov.cn, got "${v}".`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`GRIDWORK_PUBLIC_URL must start with http:// or https://, got "${v}".`);
  if (u.search || u.hash || u.username || u.password) throw new Error(`GRIDWORK_PUBLIC_URL must hold no query, fragment or credentials, got "${v}".`);
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

/** GRIDWORK_CORS_ORIGINS: origins separated by commas or spaces; a bad one stops the start. */
function corsOrigins(v: string | undefined): string[] {
  return (v ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((o) => {
      let u: URL;
      try {
        u = new URL(o);
      } catch {
        throw new Error(`GRIDWORK_CORS_ORIGINS must list origins such as https://gis.example.gov.cn, got "${o}".`);
      }
      if (u.origin !== o.replace(/\/+$/, '')) throw new Error(`GRIDWORK_CORS_ORIGINS must list bare origins (scheme, host, port; no path), got "${o}".`);
      return u.origin;
    });
}

/** GRIDWORK_TRUST_PROXY: unset or `false` trusts no proxy; `true`, a hop count, or addresses/subnets (`loopback, 10.0.0.0/8`) as Express reads them. */
function trustProxy(v: string | undefined): boolean | number | string {
  if (v === undefined || v === '' || v === 'false' || v === '0') return false;
  if (v === 'true') return true;
  return /^\d+$/.test(v) ? Number(v) : v;
}

function positiveInt(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return v !== undefined && v !== '' && Number.isInteger(n) && n > 0 ? n : fallback;
}

function nonNegativeInt(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return v !== undefined && v !== '' && Number.isInteger(n) && n >= 0 ? n : fallback;
}
