/**
 * What the benchmarks that drive a real server share: a scratch database with the demo town
 * (a PostGIS server's when DATABASE_URL is set, else an embedded one in a temporary directory),
 * the server as a child process signed in as an administrator, its CPU time, and percentiles.
 * Not a benchmark itself (the leading underscore keeps it off `npm run bench`'s list).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../server/db/db.ts';
import { openDatabase } from '../../server/db/open_database.ts';
import { loadDemoTown } from '../../server/services/load_demo_town.ts';
import { createBenchLocation } from './open_bench_db.ts';

const root = path.resolve(import.meta.dirname, '../..');
const ADMIN = { username: 'bench-admin', password: `bench-${process.pid}-password` };

export interface Scratch {
  label: string;
  location: { databaseUrl?: string; dataDir: string };
  /** Opens the scratch database in this process (close it before a server child opens an embedded one). */
  open(): Promise<Db>;
  drop(): Promise<void>;
}

/** A fresh database holding the demo town. */
export async function createScratch(name: string, log: (m: string) => void): Promise<Scratch> {
  const place = await createBenchLocation(name);
  const scratch: Scratch = { ...place, open: () => openDatabase(place.location) };
  log(`database: ${scratch.label}; loading the demo town`);
  const db = await scratch.open();
  await loadDemoTown(db);
  await db.close();
  return scratch;
}

export interface BenchServer {
  child: ChildProcess;
  url: string;
  authorization: string;
  stop(): Promise<void>;
}

/** The service as a child process over `scratch`, with `env` added; signed in as its first administrator. */
export async function startBenchServer(scratch: Scratch, env: Record<string, string>, extraArgs: string[] = []): Promise<BenchServer> {
  const port = 18000 + Math.floor(Math.random() * 1000);
  const child = spawn(process.execPath, [...extraArgs, '--import', 'tsx', 'server/index.ts'], {
    cwd: root,
    env: {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', GRIDWORK_DEMO: '0',
      GRIDWORK_ADMIN_USER: ADMIN.username, GRIDWORK_ADMIN_PASSWORD: ADMIN.password,
      ...(scratch.location.databaseUrl ? { DATABASE_URL: scratch.location.databaseUrl } : { GRIDWORK_DATA_DIR: scratch.location.dataDir, DATABASE_URL: '' }),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('Gridwork is running')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before it was ready:\n${out}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const authorization = `Bearer ${((await res.json()) as { token: string }).token}`;
  return {
    child, url, authorization,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc: on a shared machine a
 * server's CPU per request says what the code costs whatever share of the cores it was given.
 */
export function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100) ticks
  } catch {
    return NaN;
  }
}

/** The p-th percentile of `xs` in ms, formatted; '–' for none. */
export function pct(xs: number[], p: number): string {
  if (xs.length === 0) return '–';
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))].toFixed(1);
}
