import { loadConfig } from '../../server/config.ts';
import type { Db } from '../../server/db/db.ts';
import { openDatabase } from '../../server/db/open_database.ts';

/** Runs `fn` on the configured database, closing it afterwards. */
export async function withDatabase<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log: (m) => console.error(m) });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** POSTs JSON to a running Gridwork and returns its answer, or throws its error with problems. */
export async function postToServer(url: string, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(new URL(path, url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await res.json().catch(() => ({ message: res.statusText }));
  if (!res.ok) throw Object.assign(new Error(`${res.status}: ${answer.message}`), { problems: answer.problems });
  return answer;
}
