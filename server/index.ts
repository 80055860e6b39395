import type { Server } from 'node:http';
import { loadConfig } from './config.ts';
import { createApp } from './app.ts';
import { openDatabase } from './db/open_database.ts';
import { loadDemoTown } from './services/load_demo_town.ts';
import { loadDemoPatrols } from './services/patrols/load_demo_patrols.ts';
import { ensureDemoBasemap } from './services/ensure_demo_basemap.ts';
import { TOWN } from './demo_town/names.ts';
import { createDemoUsers, DEMO_PASSWORD, ensureAdmin } from './services/auth/bootstrap_users.ts';

const EXIT_DEADLINE_MS = 8000;

/** Start-up: configuration → database (created and migrated) → demo town if empty → HTTP. */
async function main(): Promise<Server> {
  const config = loadConfig();
  const started = Date.now();
  const print = (m: string) => console.log(`[gridwork ${((Date.now() - started) / 1000).toFixed(1)}s] ${m}`);
  let phase = 'starting';
  const log = (m: string) => {
    phase = m.replace(/ \(.*\)$/, '');
    print(m);
  };
  // PGlite creating PostGIS is silent for tens of seconds: say what is still going on.
  const ticker = setInterval(() => print(`… still ${phase}`), 5000);
  try {
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
    log(`database ready: ${db.driver}, PostGIS ${db.capabilities.postgisVersion}`);
    const [{ n }] = await db.query<{ n: number }>('select count(*)::int as n from area');
    const town = n === 0 && config.loadDemo ? await loadDemoTown(db, log) : undefined;
    // The demo town gets its own offline basemap, drawn from the same generator, unless a basemap
    // file is configured; only while the database holds the demo town (not a real one).
    const [{ demo }] = await db.query<{ demo: boolean }>('select exists(select 1 from area where code = $1::text) as demo', [TOWN.code]);
    if (!config.basemapFile && config.loadDemo && demo) {
      const made = await ensureDemoBasemap(config.basemapDir, town);
      if (made.written) log(`wrote the demo basemap ${made.file} (${made.tiles} tiles, ${made.bytes} bytes, largest tile ${made.largestTile} bytes)`);
      config.basemapFile = made.file;
    }
    const admin = await ensureAdmin(db, config.adminUser, config.adminPassword);
    if (admin) log(`created administrator ${admin} from GRIDWORK_ADMIN_USER`);
    const demoUsers = config.loadDemo && !config.databaseUrl ? await demoSignIns(db) : [];
    const walker = demoUsers.find((u) => u.role === 'grid_worker');
    if (walker?.area) {
      const walked = await loadDemoPatrols(db, walker.username, walker.area);
      if (walked.patrols) log(`demo patrols: ${walked.patrols} patrols and ${walked.visits} visits of the last week for ${walker.username}`);
    }
    clearInterval(ticker);
    // The documented Open311 demo key works only with the embedded demo, as the demo sign-ins do.
    const app = createApp(db, { ...config, open311DemoKey: demoUsers.length > 0 });
    const server = app.listen(config.port, config.host);
    await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
    // SIGTERM ends the process within seconds whatever runs: new connections are refused, what is
    // being written gets DB_GRACE_MS to commit (the embedded database then stops its worker, whose
    // files roll back what was not committed; a PostGIS server rolls back a connection that goes),
    // and the process exits by EXIT_DEADLINE_MS even if something still holds it.
    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log(`${signal}: stopping`);
      setTimeout(() => {
        console.error(`[gridwork] still stopping after ${EXIT_DEADLINE_MS} ms; exiting (what was not committed rolls back)`);
        process.exit(1);
      }, EXIT_DEADLINE_MS).unref();
      server.close();
      server.closeIdleConnections();
      await db.close();
      log('stopped');
      process.exit(0);
    };
    process.on('SIGINT', () => void shutdown('SIGINT')).on('SIGTERM', () => void shutdown('SIGTERM'));
    log(`Gridwork is running: open http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}/`);
    if (demoUsers.length) {
      log(`demo sign-ins (password "${DEMO_PASSWORD}"): ${demoUsers.map((u) => `${u.username} (${u.role}${u.area ? ` at ${u.area}` : ''})`).join(', ')}`);
    }
    return server;
  } finally {
    clearInterval(ticker);
  }
}

/** Demo users for each role over the demo town, when the database holds it. */
async function demoSignIns(db: Awaited<ReturnType<typeof openDatabase>>) {
  const [town] = await db.query<{ code: string }>(`select code from area where depth = 0 order by code limit 1`);
  const [grid] = await db.query<{ code: string }>(`select code from area where level = 'grid' and kind = 'base' order by code limit 1`);
  return town && grid ? createDemoUsers(db, town.code, grid.code) : [];
}

main().catch((err) => {
  console.error(`Gridwork could not start: ${err instanceof Error ? err.message : err}`);
  if (err?.cause) console.error(err.cause);
  process.exit(1);
});
