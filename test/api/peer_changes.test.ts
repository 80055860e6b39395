import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.ts';
import { openDatabase } from '../../server/db/open_database.ts';
import { followEventFeed } from '../../server/services/follow_event_feed.ts';
import type { FeedItem } from '../../server/services/event_feed.ts';
import { importPoints } from '../../server/services/import_points.ts';
import { reportEvent } from '../../server/services/report_event.ts';
import { tilesCovering, type Tile } from '../../server/tiles/tile_math.ts';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';

interface Spot {
  lon: number;
  lat: number;
}

/** Asks `read` again until `ok` holds of its answer; the last answer is returned either way (the caller's expect says what was wrong). */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 8000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Writes made by another process on the same PostGIS server (a second service process, the import
 * CLI, psql) reach this server's caches: locate's index, the tiles, the event streams. The other
 * process here is a second connection pool of its own, as the CLI opens.
 */
describe.skipIf(!process.env.DATABASE_URL)('changes made by other processes (PostGIS server; the embedded database is held by one process)', () => {
  let t: TestDb;
  let api: TestServer;
  let other: Db;
  let spot: Spot;
  let unit: { code: string; name: string };
  beforeAll(async () => {
    t = await createTestDb('demo');
    api = await startTestServer(t.db);
    other = await openDatabase(t.location);
    [spot] = await t.db.query<Spot>(`select st_x(geom) as lon, st_y(geom) as lat from household where assignment = 'assigned' order by id limit 1`);
    [unit] = await t.db.query<{ code: string; name: string }>(
      `select code, name from area where level = 'unit' and st_contains(geom, st_setsrid(st_point($1::float8, $2::float8), 4326))`,
      [spot.lon, spot.lat],
    );
  });
  afterAll(async () => {
    await other?.close();
    await api?.close();
    await t?.drop();
  });

  /** Cuts every process's listening connection to this database, as a server restart or a network fault would. */
  async function cutListeners(): Promise<void> {
    const [{ n }] = await other.query<{ n: number }>(
      `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = current_database() and application_name = 'gridwork peers'`,
    );
    expect(n).toBeGreaterThanOrEqual(1);
  }
  const tileAt = (z: number): Tile => tilesCovering([spot.lon, spot.lat, spot.lon, spot.lat], z)[0];
  async function households(tile: Tile): Promise<{ cache: string | null; ids: number }> {
    const res = await api.request(`/tiles/households/${tile.z}/${tile.x}/${tile.y}.mvt`);
    expect(res.status).toBe(200);
    const layer = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer()))).layers.households;
    let n = 0;
    for (let i = 0; i < (layer?.length ?? 0); i++) n += Number(layer.feature(i).properties.count ?? 1);
    return { cache: res.headers.get('x-tile-cache'), ids: n };
  }
  const unitName = async () => {
    const { chain } = (await (await api.get(`/api/locate?lon=${spot.lon}&lat=${spot.lat}`)).json()) as { chain: { code: string; name: string }[] };
    return chain.find((l) => l.code === unit.code)?.name;
  };

  it('shows households another process imported in this server\'s cached tiles', async () => {
    const [z16, z12] = [tileAt(16), tileAt(12)];
    const before = { z16: await households(z16), z12: await households(z12) };
    expect((await households(z16)).cache).toBe('hit');

    const csv = `id,lon,lat,people\nPEER-H1,${spot.lon},${spot.lat},2\nPEER-H2,${spot.lon + 1e-6},${spot.lat},4\n`;
    expect((await importPoints(other, 'household', { csv })).written).toBe(2);

    const after = await eventually(() => households(z16), (h) => h.ids === before.z16.ids + 2);
    expect(after.ids).toBe(before.z16.ids + 2);
    expect((await households(z12)).ids).toBe(before.z12.ids + 2);
  });

  it('delivers events another process reported to this server\'s event streams', async () => {
    const seen: FeedItem[] = [];
    const feed = followEventFeed(t.db, null, (item) => seen.push(item), (err) => {
      throw err;
    });
    try {
      const settings = { duplicateRadiusM: 0, duplicateHours: 0 };
      for (const id of ['peer-e1', 'peer-e2']) {
        await reportEvent(other, { id, category: 'environment', severity: 'low', description: `reported elsewhere ${id}`, lon: spot.lon, lat: spot.lat, source: 'sensor' }, settings);
      }
      await eventually(async () => seen.length, (n) => n >= 2);
      expect(seen.map((s) => [s.message.event.id, s.message.type])).toEqual([['peer-e1', 'created'], ['peer-e2', 'created']]);
      const seqs = await t.db.query<{ seq: number }>(`select seq from event_log where event_id in ('peer-e1', 'peer-e2') order by seq`);
      expect(seen.map((s) => s.seq)).toEqual(seqs.map((s) => s.seq));
    } finally {
      feed.close();
    }
  });

  it('ends its event streams when it may have missed other processes\' events; a client resuming from its last id gets them', async () => {
    const [{ seq }] = await t.db.query<{ seq: number }>('select coalesce(max(seq), 0)::int as seq from event_log');
    const ids = (text: string) => [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    const eventIds = (text: string) => [...text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]).event.id as string);
    const first = await api.request('/api/events/stream', { headers: { 'last-event-id': String(seq) } });
    expect(first.status).toBe(200);
    const ended = first.text(); // the whole stream, once the server ends it
    await cutListeners();
    const settings = { duplicateRadiusM: 0, duplicateHours: 0 };
    await reportEvent(other, { id: 'peer-gap-1', category: 'environment', severity: 'low', description: 'reported while the listener was cut', lon: spot.lon, lat: spot.lat, source: 'sensor' }, settings);
    const firstText = await Promise.race([ended, new Promise<string>((_, reject) => setTimeout(() => reject(new Error('the stream was not ended after the gap')), 10_000))]);

    // The client resumes from the last id it got (as EventSource does) and reads on until it has the event.
    const resumed = await api.request('/api/events/stream', { headers: { 'last-event-id': String(Math.max(seq, ...ids(firstText))) } });
    const reader = resumed.body!.pipeThrough(new TextDecoderStream()).getReader();
    let secondText = '';
    for (const deadline = Date.now() + 10_000; !eventIds(firstText + secondText).includes('peer-gap-1') && Date.now() < deadline; ) {
      const { value, done } = await reader.read();
      if (done) break;
      secondText += value;
    }
    await reader.cancel();
    expect(eventIds(firstText + secondText).filter((id) => id === 'peer-gap-1')).toHaveLength(1);
  });

  it('takes a bare NOTIFY gridwork_changes (after an edit in psql) as "anything may have changed"', async () => {
    expect(await unitName()).toBe(unit.name); // the index is built and cached
    await other.query(`update area set name = $2::text where code = $1::text`, [unit.code, `${unit.name}（改）`]);
    // Without a word from the editor the server cannot know; with one it reads the areas again.
    expect(await unitName()).toBe(unit.name);
    await other.exec(`notify gridwork_changes`);
    expect(await eventually(unitName, (name) => name !== unit.name)).toBe(`${unit.name}（改）`);
  });

  it('reads everything again when its listening connection was cut, since what was said meanwhile is lost', async () => {
    const z16 = tileAt(16);
    const before = await households(z16);
    expect((await households(z16)).cache).toBe('hit');
    await cutListeners();
    // Written with no notification at all: only the reconnection can tell the server to look again.
    await other.query(`insert into household (region, id, people, geom) select region, 'PEER-H3', 1, geom from household where id = 'PEER-H1'`);
    const after = await eventually(() => households(z16), (h) => h.ids === before.ids + 1);
    expect(after.ids).toBe(before.ids + 1);
  });
});
