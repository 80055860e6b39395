import express, { type Express } from 'express';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Config } from './config.ts';
import type { Db } from './db/db.ts';
import { areasRouter } from './routes/areas.ts';
import { changesRouter } from './routes/changes.ts';
import { eventsRouter } from './routes/events.ts';
import { open311Router } from './routes/open311.ts';
import { healthRouter } from './routes/health.ts';
import { errorHandler } from './routes/error_handler.ts';
import { jsonBody } from './routes/json_body.ts';
import { contentTypeGuard } from './routes/content_type_guard.ts';
import { writeRateLimit } from './routes/write_rate_limit.ts';
import { readRateLimit } from './routes/read_rate_limit.ts';
import { heavyWork } from './routes/heavy_work.ts';
import { loadConfig } from './config.ts';
import { startWorkerPool } from './workers/run_in_worker.ts';
import { buildOpenapi } from './openapi/build_openapi.ts';
import { tilesRouter } from './routes/tiles.ts';
import { ogcRouter } from './routes/ogc.ts';
import { searchRouter } from './routes/search.ts';
import { openapiRouter } from './routes/openapi.ts';
import { authenticate } from './routes/access.ts';
import { refuseNul } from './routes/refuse_nul.ts';
import { authRouter } from './routes/auth.ts';
import { usersRouter } from './routes/users.ts';
import { auditRouter } from './routes/audit.ts';
import { householdsRouter } from './routes/households.ts';
import { facilitiesRouter } from './routes/facilities.ts';
import { registersRouter } from './routes/registers.ts';
import { addressesRouter } from './routes/addresses.ts';
import { locateRouter } from './routes/locate.ts';
import { staffRouter } from './routes/staff.ts';
import { partyOrgsRouter } from './routes/party_orgs.ts';
import { areaRegistersRouter } from './routes/area_registers.ts';
import { sizingRouter } from './routes/sizing.ts';
import { coverageRouter } from './routes/coverage.ts';
import { plansRouter } from './routes/plans.ts';
import { versionsRouter } from './routes/versions.ts';
import { securityHeaders } from './routes/security_headers.ts';
import { sameOriginWrites } from './routes/same_origin_writes.ts';
import { DEFAULT_STREAM_LIMITS } from './routes/stream_admission.ts';
import { open311Settings } from './services/event_settings.ts';
import { mediaRouter } from './routes/media.ts';
import { patrolsRouter } from './routes/patrols.ts';
import { visitsRouter } from './routes/patrols_visits.ts';
import { keysRouter } from './routes/keys.ts';
import { takeUrlKey } from './routes/keys_credentials.ts';
import { corsOrigins } from './routes/cors_origins.ts';
import { accessLog } from './routes/access_log.ts';
import { basemapRouter } from './routes/basemap.ts';
import { basemapOrigins, offeredBasemaps, type BasemapSettings } from './basemap/offered_basemaps.ts';

export const webDist = fileURLToPath(new URL('../dist/web/', import.meta.url));

/** The HTTP application over an open, migrated database. */
export function createApp(
  db: Db,
  config: Pick<Config, 'bodyLimit' | 'basemapUrl'> & BasemapSettings &
    Partial<Pick<Config, 'loginLimitPerMinute' | 'jsonLimit' | 'jsonDepthLimit' | 'writeLimitPerMinute' | 'tileSeedMaxZoom' | 'publicUrl' | 'trustProxy' | 'streamsPerUser' | 'streamsPerAddress' | 'mediaMaxBytes' | 'corsOrigins' | 'publicMetadata' | 'accessLog' | LimitSetting>> & {
      /** Accept the documented demo Open311 key (DEMO_OPEN311_KEY) when GRIDWORK_OPEN311_KEYS is unset: only with the embedded demo. */
      open311DemoKey?: boolean;
    },
): Express {
  const limits = { ...limitDefaults, ...definedOf(config) };
  const heavy = heavyWork({ perUser: limits.heavyPerUser, total: limits.heavyTotal, timeLimitMs: limits.heavyTimeLimitMs });
  const vertexLimits = { perFeature: limits.maxFeatureVertices, perRequest: limits.maxRequestVertices };
  startWorkerPool();
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Which proxies' X-Forwarded-For/-Proto to believe: the address limits count by, and whether
  // the request came over HTTPS (the cookie's Secure flag, HSTS).
  app.set('trust proxy', config.trustProxy ?? false);
  app.locals.publicUrl = config.publicUrl;
  app.locals.streamLimits = { perUser: config.streamsPerUser ?? DEFAULT_STREAM_LIMITS.perUser, perAddress: config.streamsPerAddress ?? DEFAULT_STREAM_LIMITS.perAddress };
  // A key in a tile or OGC URL is taken off it before anything (the log included) sees the URL.
  app.use(takeUrlKey());
  if (config.accessLog) app.use(accessLog());
  app.use(securityHeaders({ basemapUrl: config.basemapUrl, basemapOrigins: basemapOrigins(config) }));
  // Cross-origin pages of the configured origins; preflights answered before authentication.
  app.use(corsOrigins(config.corsOrigins ?? []));
  // Limits before any work: writes per address, the body's media type, size and nesting (docs/RELIABILITY.md).
  app.use(writeRateLimit(config.writeLimitPerMinute ?? 60_000));
  // A cross-site write riding on the cookie is refused before its body is read (docs/ACCESS.md).
  app.use(sameOriginWrites({ publicUrl: config.publicUrl }));
  // Reads per address here, per user once authenticated (below); /api/health is polled and cheap.
  const readPaths = /^\/(api\/(?!health)|tiles\/|ogc\/|open311\/|basemap\/)/;
  const readsPerAddress = readRateLimit(limits.readLimitPerAddress, 'address');
  const readsPerUser = readRateLimit(limits.readLimitPerUser, 'user');
  app.use((req, res, next) => (readPaths.test(req.path) ? readsPerAddress(req, res, next) : next()));
  app.use(contentTypeGuard(buildOpenapi()));
  app.use(jsonBody({ limit: config.jsonLimit ?? '1mb', bulkLimit: config.bodyLimit, maxDepth: config.jsonDepthLimit ?? 64 }));

  app.use(refuseNul());
  // Before authentication, which may read the database: a monitor's poll must not wait behind
  // heavy work on the embedded database's one connection (health takes no principal).
  app.use('/api/health', healthRouter(db));
  app.use(authenticate(db));
  app.use((req, res, next) => (readPaths.test(req.path) ? readsPerUser(req, res, next) : next()));
  app.use('/api/auth', authRouter(db, { loginLimitPerMinute: config.loginLimitPerMinute }));
  app.use('/api/users', usersRouter(db));
  app.use('/api/keys', keysRouter(db));
  app.use('/api/audit', auditRouter(db));
  app.use('/api/areas', areasRouter(db, { heavy, vertexLimits, bodyLimit: config.bodyLimit }));
  app.use('/api/changes', changesRouter(db));
  app.use('/api/areas', areaRegistersRouter(db));
  app.use('/api/households', householdsRouter(db, { bodyLimit: config.bodyLimit, heavy }));
  app.use('/api/facilities', facilitiesRouter(db, { bodyLimit: config.bodyLimit, heavy }));
  app.use('/api/registers', registersRouter(db, { bodyLimit: config.bodyLimit, heavy }));
  app.use('/api/addresses', addressesRouter(db, { bodyLimit: config.bodyLimit, heavy }));
  app.use('/api/locate', locateRouter(db));
  app.use('/api/staff', staffRouter(db));
  app.use('/api/party-orgs', partyOrgsRouter(db));
  app.use('/api/events', eventsRouter(db));
  app.use('/api/media', mediaRouter(db, { maxBytes: config.mediaMaxBytes ?? 12 * 1024 * 1024 }));
  app.use('/api/patrols', patrolsRouter(db));
  app.use('/api/visits', visitsRouter(db));
  app.use('/open311/v2', open311Router(db, open311Settings(config.open311DemoKey ?? false)));
  app.use('/api/search', searchRouter(db));
  app.use('/api/sizing', sizingRouter(db, heavy));
  app.use('/api/coverage', coverageRouter(db, heavy));
  app.use('/api/plans', plansRouter(db, { heavy, vertexLimits }));
  app.use('/api/versions', versionsRouter(db));
  app.use('/tiles', tilesRouter(db, { seedMaxZoom: config.tileSeedMaxZoom ?? 0, publicMetadata: config.publicMetadata ?? false }));
  app.use('/ogc', ogcRouter(db, { publicMetadata: config.publicMetadata ?? false }));
  app.use('/api/openapi.json', openapiRouter());
  app.use('/basemap', basemapRouter(config.basemapFile));
  const basemaps = offeredBasemaps(config);
  app.get('/api/config', (_req, res) => res.json({ basemapUrl: config.basemapUrl ?? null, basemaps: basemaps.basemaps, basemap: basemaps.initial }));
  app.use('/api', (req, res) => res.status(404).json({ error: 'NotFound', message: `No API route ${req.method} ${req.originalUrl}.` }));

  if (existsSync(webDist)) app.use(express.static(webDist, { index: 'index.html', maxAge: '1h' }));
  app.use(errorHandler);
  return app;
}

/** The settings of the request limits (docs/RELIABILITY.md); absent ones take loadConfig's defaults. */
type LimitSetting = 'maxFeatureVertices' | 'maxRequestVertices' | 'heavyPerUser' | 'heavyTotal' | 'heavyTimeLimitMs' | 'readLimitPerUser' | 'readLimitPerAddress';
const defaults = loadConfig({});
const limitDefaults: Pick<Config, LimitSetting> = {
  maxFeatureVertices: defaults.maxFeatureVertices,
  maxRequestVertices: defaults.maxRequestVertices,
  heavyPerUser: defaults.heavyPerUser,
  heavyTotal: defaults.heavyTotal,
  heavyTimeLimitMs: defaults.heavyTimeLimitMs,
  readLimitPerUser: defaults.readLimitPerUser,
  readLimitPerAddress: defaults.readLimitPerAddress,
};
const definedOf = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
