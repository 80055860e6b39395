/**
 * The narrow case a database restart can leave: a batch of reports committed, but the connection
 * died before the answer came back, so the intake cannot tell whether it was written and the
 * client got a 503. The event must still reach live stream clients once (when the next statement
 * succeeds), and the client's retry must find it stored and not publish it twice. Simulated by a
 * database whose insert commits and then throws the error node-postgres throws when its socket
 * closes; runs on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.ts';
import { isDatabaseUnavailable } from '../../server/db/database_unavailable.ts';
import { subscribeEventFeed, type FeedItem } from '../../server/services/event_feed.ts';
import { reportEvent } from '../../server/services/report_event.ts';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';

let t: TestDb;
let spot: { lon: number; lat: number };
beforeAll(async () => {
  t = await createTestDb('demo');
  [spot] = await t.db.query(
    `select st_x(p) as lon, st_y(p) as lat from area g, st_pointonsurface(g.geom) as p where g.level = 'grid' and g.kind = 'base' order by g.code limit 1`,
  );
});
afterAll(async () => t?.drop());

describe('a report whose acknowledgement was lost', () => {
  it('reaches the stream once, when the database answers again, and its retry is not published again', async () => {
    const real = t.db;
    let loseNextInsert = false;
    // The same database, except that the next event insert commits and then "loses its connection".
    const db: Db = {
      driver: real.driver,
      capabilities: real.capabilities,
      async query<R>(sql: string, params?: unknown[]) {
        const rows = await real.query<R>(sql, params);
        if (loseNextInsert && /insert into event \(/.test(sql)) {
          loseNextInsert = false;
          throw new Error('Connection terminated unexpectedly');
        }
        return rows;
      },
      exec: (sql) => real.exec(sql),
      transaction: (fn) => real.transaction(fn),
      close: () => real.close(),
    };
    const seen: FeedItem[] = [];
    const unsubscribe = subscribeEventFeed(db, (item) => seen.push(item));
    const settings = { duplicateRadiusM: 100, duplicateHours: 24 };
    const report = (id: string) => ({ id, category: 'environment', severity: 'medium' as const, description: `lost ack ${id}`, lon: spot.lon, lat: spot.lat, source: 'sensor' as const });
    try {
      loseNextInsert = true;
      const lost = await reportEvent(db, report('lost-ack-1'), settings).then(() => null, (err: unknown) => err);
      expect(isDatabaseUnavailable(lost)).toBe(true); // the route answers 503
      expect(await real.query(`select id from event where id = 'lost-ack-1'`)).toHaveLength(1); // yet it was written
      expect(seen.map((s) => s.message.event.id)).toEqual([]); // and not yet published

      // The next report's statement succeeds: the lost one is published first, then the new one.
      expect((await reportEvent(db, report('lost-ack-2'), settings)).created).toBe(true);
      expect(seen.map((s) => [s.message.event.id, s.message.type])).toEqual([['lost-ack-1', 'created'], ['lost-ack-2', 'created']]);
      const [{ seq }] = await real.query<{ seq: number }>(`select seq from event_log where event_id = 'lost-ack-1' and action = 'report'`);
      expect(seen[0].seq).toBe(seq);

      // The client retries the lost one: it is found stored (200), and nothing is published again.
      const retry = await reportEvent(db, report('lost-ack-1'), settings);
      expect(retry.created).toBe(false);
      expect(seen).toHaveLength(2);
    } finally {
      unsubscribe();
    }
  });
});
