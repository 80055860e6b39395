import { execFile, spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { TestDb } from '../helpers/test_db.ts';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The cluster to restart: GRIDWORK_PG_CLUSTER ("15 main" by default, as CI has it). */
const CLUSTER = (process.env.GRIDWORK_PG_CLUSTER ?? '15 main').split(' ');

/**
 * How this run can take the database away: a real restart of the cluster DATABASE_URL points at
 * (`pg_ctlcluster VERSION NAME restart`), else terminating every backend of the test's database
 * (pg_terminate_backend, what a failover looks like to a client), else nothing: a reason to skip.
 */
export async function faultMethod(databaseUrl: string | undefined): Promise<{ method: 'restart' | 'terminate' | null; reason: string }> {
  if (!databaseUrl) return { method: null, reason: 'no DATABASE_URL: the embedded database has no server to restart' };
  const port = new URL(databaseUrl).port || '5432';
  try {
    const { stdout } = await run('pg_lsclusters', ['--no-header']);
    const line = stdout.split('\n').find((l) => l.split(/\s+/)[0] === CLUSTER[0] && l.split(/\s+/)[1] === CLUSTER[1]);
    if (!line) throw new Error(`no cluster "${CLUSTER.join(' ')}" in pg_lsclusters`);
    if (line.split(/\s+/)[2] !== port) throw new Error(`cluster ${CLUSTER.join(' ')} listens on ${line.split(/\s+/)[2]}, DATABASE_URL on ${port}`);
    if (process.getuid?.() !== 0) throw new Error('pg_ctlcluster needs root (or the postgres user)');
    return { method: 'restart', reason: `pg_ctlcluster ${CLUSTER.join(' ')} restart` };
  } catch (err) {
    return { method: 'terminate', reason: `pg_terminate_backend on the test database (no real restart: ${(err as Error).message})` };
  }
}

/** Takes the database away and brings it back, by `method`. Resolves once it accepts connections again. */
export async function restartDatabase(method: 'restart' | 'terminate', databaseUrl: string): Promise<void> {
  if (method === 'restart') {
    // -m fast: clients are disconnected and open transactions rolled back, as in a real restart.
    await run('pg_ctlcluster', [CLUSTER[0], CLUSTER[1], 'restart', '-m', 'fast']);
    return;
  }
  const dbName = new URL(databaseUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: databaseUrl.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  try {
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName]);
  } finally {
    await admin.end();
  }
}

/** Polls GET url until `ok(status)`; returns how long it took (ms), or throws after `timeoutMs`. */
export async function waitFor(url: string, headers: Record<string, string>, ok: (status: number) => boolean, timeoutMs = 30_000): Promise<number> {
  const start = Date.now();
  for (;;) {
    const status = await fetch(url, { headers, signal: AbortSignal.timeout(5000) }).then((r) => r.status, () => 0);
    if (ok(status)) return Date.now() - start;
    if (Date.now() - start > timeoutMs) throw new Error(`${url} did not turn as expected within ${timeoutMs} ms (last status ${status})`);
    await sleep(100);
  }
}

/** Polls `ok` every 20 ms until it holds; throws naming `what` after `timeoutMs`. */
export async function until(ok: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!(await ok())) {
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/**
 * Posts `body` until the server acknowledges it (2xx), as a careful client does: the same body
 * (and so the same idempotency key) again after a 503, a 5xx or a dropped connection, with backoff.
 * Returns the acknowledging status and how many attempts it took.
 */
export async function postUntilAcknowledged(url: string, headers: Record<string, string>, body: unknown, giveUpMs = 60_000): Promise<{ status: number; attempts: number }> {
  const start = Date.now();
  for (let attempt = 1; ; attempt++) {
    const status = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(20_000) }).then(
      async (r) => (await r.arrayBuffer(), r.status),
      () => 0,
    );
    if (status >= 200 && status < 300) return { status, attempts: attempt };
    if (status >= 400 && status < 500 && status !== 429) throw new Error(`refused with ${status}: ${JSON.stringify(body).slice(0, 200)}`);
    if (Date.now() - start > giveUpMs) throw new Error(`not acknowledged within ${giveUpMs} ms (last status ${status})`);
    await sleep(Math.min(100 * attempt, 1000));
  }
}

/**
 * A Server-Sent Events client of /api/events/stream that keeps what it receives (event ids of
 * `created` messages, with their seq) and reconnects with Last-Event-ID whenever its connection
 * ends, as EventSource does. `drop()` cuts the connection to simulate a network drop.
 */
export function followStream(base: string, headers: Record<string, string>, afterSeq: number) {
  const created = new Map<string, number>();
  let deliveries = 0;
  let lastSeq = afterSeq;
  let req: http.ClientRequest | null = null;
  let closed = false;
  let reconnects = 0;
  const connect = () => {
    if (closed) return;
    // Whichever of error, end or close comes first reconnects, once per connection.
    let ended = false;
    const reconnect = () => {
      if (ended || closed) return;
      ended = true;
      req?.destroy();
      reconnects++;
      setTimeout(connect, 200);
    };
    req = http.get(`${base}/api/events/stream`, { headers: { ...headers, 'last-event-id': String(lastSeq) }, agent: false }, (res) => {
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const id = /^id: (\d+)$/m.exec(block);
          const data = /^data: (.*)$/m.exec(block);
          if (!id || !data) continue;
          lastSeq = Number(id[1]); // as EventSource does: the last id received, not the highest
          const message = JSON.parse(data[1]) as { type: string; event: { id: string } };
          if (message.type === 'created') {
            deliveries++;
            created.set(message.event.id, Number(id[1]));
          }
        }
      });
      res.on('end', reconnect);
      res.on('error', reconnect);
      res.on('close', reconnect);
    });
    req.on('error', reconnect);
  };
  connect();
  return {
    created,
    get deliveries() {
      return deliveries;
    },
    get reconnects() {
      return reconnects;
    },
    drop: () => req?.destroy(new Error('dropped by the test')),
    close() {
      closed = true;
      req?.destroy();
    },
  };
}

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Starts the service as a child process (`node --import tsx server/index.ts`) on `t`'s database,
 * with `admin` made on start and `env` added; resolves once it listens, signed in as `admin`.
 * `DEBUG_FAULTS=1` echoes the child's output.
 */
export async function startServiceProcess(
  t: TestDb,
  admin: { username: string; password: string },
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: string; authorization: string }> {
  const port = 18000 + Math.floor(Math.random() * 2000);
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: root,
    env: {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', GRIDWORK_DEMO: '0',
      GRIDWORK_DATA_DIR: t.location.dataDir, DATABASE_URL: t.location.databaseUrl ?? '',
      GRIDWORK_ADMIN_USER: admin.username, GRIDWORK_ADMIN_PASSWORD: admin.password,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  if (process.env.DEBUG_FAULTS) child.stdout!.on('data', (d) => process.stdout.write(`[service] ${d}`));
  if (process.env.DEBUG_FAULTS) child.stderr!.on('data', (d) => process.stdout.write(`[service!] ${d}`));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('Gridwork is running')) resolve();
    });
    child.stderr!.on('data', (d) => (out += d));
    child.once('exit', (code) => reject(new Error(`the service exited (${code}) before it was ready:\n${out}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return { child, url, authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
}
