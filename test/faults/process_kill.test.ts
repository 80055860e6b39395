/**
 * The service process is killed (SIGKILL, no chance to flush or close) in the middle of event
 * intake: every event it acknowledged is in the database afterwards, exactly once, and a client
 * that retries the rest against a restarted server gets them all stored once. On both databases:
 * on the embedded one this proves that PGlite's data directory survives a kill (its commits
 * reach the files before the answer goes out) and that the data-dir lock of a dead process is
 * taken over.
 *
 * The server runs as a child process (`node --import tsx server/index.ts`) on this file's own
 * copy of the test database, as test/api/import_cli.test.ts runs the import CLI.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/open_database.ts';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { postUntilAcknowledged, startServiceProcess, until } from './fault_helpers.ts';

const ADMIN = { username: 'fault-admin', password: 'fault-admin-password' };


describe(`killing the service mid-intake loses nothing acknowledged (${process.env.DATABASE_URL ? 'PostGIS server' : 'embedded PGlite'})`, () => {
  let t: TestDb;
  let spots: { lon: number; lat: number }[];
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    t = await createTestDb('demo');
    spots = await t.db.query(
      `select st_x(p) as lon, st_y(p) as lat from area g, st_pointonsurface(g.geom) as p where g.level = 'grid' and g.kind = 'base' order by g.code limit 40`,
    );
    await t.db.close(); // the service opens it; the embedded database allows one process at a time
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await t?.drop();
  });

  it('every acknowledged event is stored exactly once after a kill -9, and retries complete the rest', async () => {
    const N = 240;
    const ids = Array.from({ length: N }, (_, i) => `fault-kill-${i}`);
    const body = (i: number) => ({ id: ids[i], category: 'environment', description: `kill test ${i}`, location: { lon: spots[i % spots.length].lon, lat: spots[i % spots.length].lat + (i % 5) * 1e-6 }, source: 'sensor' });
    const service = await startServiceProcess(t, ADMIN);
    child = service.child;
    const acknowledged = new Set<string>();
    let next = 0;
    let killed = false;
    // Eight clients post without retrying: whatever the server acknowledged before it died must survive.
    const clients = Array.from({ length: 8 }, async () => {
      while (next < N && !killed) {
        const i = next++;
        const status = await fetch(`${service.url}/api/events`, {
          method: 'POST', headers: { 'content-type': 'application/json', authorization: service.authorization }, body: JSON.stringify(body(i)),
        }).then((r) => r.status, () => 0);
        if (status === 201 || status === 200) acknowledged.add(ids[i]);
      }
    });
    await until(() => acknowledged.size >= 120, '120 events acknowledged before the kill', 60_000);
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGKILL');
    killed = true;
    await Promise.all(clients);
    await exited;

    // Open the database as the next process would (the dead process's lock is taken over).
    t.db = await openDatabase(t.location);
    const stored = await t.db.query<{ id: string; n: number }>(
      `select e.id, count(l.seq)::int as n from event e join event_log l on l.region = e.region and l.event_id = e.id and l.action = 'report'
        where e.id = any($1::text[]) group by e.id`,
      [ids],
    );
    const storedIds = new Set(stored.map((r) => r.id));
    console.log(`killed after ${acknowledged.size} acknowledgements; ${stored.length} events stored (the rest were in flight or never sent)`);
    expect([...acknowledged].filter((id) => !storedIds.has(id))).toEqual([]);
    expect(stored.filter((r) => r.n !== 1)).toEqual([]);
    await t.db.close();

    // A new process; the client retries everything with the same ids: all stored, once.
    const again = await startServiceProcess(t, ADMIN);
    child = again.child;
    let retry = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (retry < N) {
        const i = retry++;
        await postUntilAcknowledged(`${again.url}/api/events`, { authorization: again.authorization }, body(i));
      }
    }));
    const exitedAgain = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exitedAgain;
    t.db = await openDatabase(t.location);
    const [{ events, reports }] = await t.db.query<{ events: number; reports: number }>(
      `select count(distinct e.id)::int as events, count(l.seq)::int as reports
         from event e join event_log l on l.region = e.region and l.event_id = e.id and l.action = 'report' where e.id = any($1::text[])`,
      [ids],
    );
    expect({ events, reports }).toEqual({ events: N, reports: N });
  }, 240_000);
});
