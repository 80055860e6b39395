/** Settings of the event service, from the environment; every one has a working default. */
export interface EventSettings {
  /** A new report this close (metres) to an open one of the same category is a likely duplicate. */
  duplicateRadiusM: number;
  /** … if that one was reported within this many hours. */
  duplicateHours: number;
  /** The day boundary for "closed the same day" (日清日结). */
  timeZone: string;
  /** Open311 API keys that may create requests. */
  open311Keys: string[];
  /** Milliseconds between keep-alive comments on an event stream. */
  keepAliveMs: number;
  /** Milliseconds a stream holds new messages so that a burst goes out in one write per client. */
  streamFlushMs: number;
}

/** The key accepted with the embedded demo when GRIDWORK_OPEN311_KEYS is unset; never anywhere else. */
export const DEMO_OPEN311_KEY = 'gridwork-demo-key';

/**
 * GRIDWORK_EVENT_DUPLICATE_RADIUS_M (100), GRIDWORK_EVENT_DUPLICATE_HOURS (24),
 * GRIDWORK_EVENT_TIMEZONE (Asia/Shanghai), GRIDWORK_OPEN311_KEYS (comma-separated; unset: none,
 * so nobody may create Open311 requests, see open311Settings), GRIDWORK_EVENT_KEEPALIVE_MS
 * (15000), GRIDWORK_EVENT_STREAM_FLUSH_MS (25).
 */
export function loadEventSettings(env: NodeJS.ProcessEnv = process.env): EventSettings {
  const num = (name: string, fallback: number) => {
    const v = env[name];
    if (v === undefined || v === '') return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${v}".`);
    return n;
  };
  const keys = (env.GRIDWORK_OPEN311_KEYS ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  return {
    duplicateRadiusM: num('GRIDWORK_EVENT_DUPLICATE_RADIUS_M', 100),
    duplicateHours: num('GRIDWORK_EVENT_DUPLICATE_HOURS', 24),
    timeZone: env.GRIDWORK_EVENT_TIMEZONE || 'Asia/Shanghai',
    open311Keys: keys,
    keepAliveMs: num('GRIDWORK_EVENT_KEEPALIVE_MS', 15_000),
    streamFlushMs: num('GRIDWORK_EVENT_STREAM_FLUSH_MS', 25),
  };
}

/**
 * The event settings of the Open311 routes: with `demoKey` (the embedded demo, nothing set) the
 * documented DEMO_OPEN311_KEY is accepted too, so that the demo's Open311 can be tried; a service
 * on a PostGIS server, or one given GRIDWORK_OPEN311_KEYS, never accepts it (#14).
 */
export function open311Settings(demoKey: boolean, env: NodeJS.ProcessEnv = process.env): EventSettings {
  const settings = loadEventSettings(env);
  return demoKey && settings.open311Keys.length === 0 ? { ...settings, open311Keys: [DEMO_OPEN311_KEY] } : settings;
}
