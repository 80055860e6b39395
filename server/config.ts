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
  /** Largest request body accepted, for imports. */
  bodyLimit: string;
  /** Optional raster basemap tile URL template ({z}/{x}/{y}), e.g. a Tianditu or OSM service. */
  basemapUrl?: string;
  /** The first administrator, made on start when no user of that name exists. */
  adminUser?: string;
  adminPassword?: string;
  /** Sign-in attempts allowed per minute from one address. */
  loginLimitPerMinute: number;
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
  };
}
