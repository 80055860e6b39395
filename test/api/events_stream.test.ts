import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';
import { openSse } from '../helpers/sse_client.ts';
import { followEventFeed } from '../../server/services/follow_event_feed.ts';
import type { FeedItem } from '../../server/services/event_feed.ts';

let t: TestDb;
let api: TestServer;
let spot: { lon: number; lat: number };
beforeAll(async () => {
  process.env.GRIDWORK_EVENT_KEEPALIVE_MS = '150'; // read when the router is made
  t = await createTestDb('demo');
  api = await startTestServer(t.db);
  [spot] = await t.db.query(`select st_x(p) as lon, st_y(p) as lat from area g, st_pointonsurface(g.geom) as p where g.level = 'grid' order by g.code limit 1`);
});
afterAll(async () => {
  delete process.env.GRIDWORK_EVENT_KEEPALIVE_MS;
  await api?.close();
  await t?.drop();
});

const openStream = (path: string, headers: Record<string, string> = {}) => openSse(api, path, headers);

const report = (id: string) => api.post('/api/events', {
  id, category: 'public_order', severity: 'high', description: `stream test ${id}`,
  location: { lon: spot.lon, lat: spot.lat }, source: 'patrol', reporter: 'tester',
});

describe('GET /api/events/stream', () => {
  it('delivers new events and transitions live, with increasing ids, and sends keep-alives', async () => {
    const s = openStream('/api/events/stream');
    await s.until(() => s.comments.includes('connected'), 'the opening comment');
    expect((await report('live-1')).status).toBe(201);
    await api.post('/api/events/live-1/transitions', { action: 'accept', by: 'desk' });
    await s.count(2);
    expect(s.messages.map((m) => [m.data.type, m.data.action, m.data.event.id, m.data.event.status])).toEqual([
      ['created', 'report', 'live-1', 'reported'],
      ['transition', 'accept', 'live-1', 'accepted'],
    ]);
    expect(s.messages[1].id).toBeGreaterThan(s.messages[0].id);
    expect(s.messages[0].data.seq).toBe(s.messages[0].id);
    await s.until(() => s.comments.includes('keep-alive'), 'a keep-alive comment');
    await s.close();
  });

  it('a client that drops and comes back with Last-Event-ID gets exactly what it missed, then live', async () => {
    const a = openStream('/api/events/stream');
    await a.until(() => a.comments.includes('connected'), 'the opening comment');
    await report('drop-1');
    await a.count(1);
    const lastSeen = a.messages[0].id;
    await a.close();

    // While the client is away.
    await report('drop-2');
    await api.post('/api/events/drop-1/transitions', { action: 'escalate', by: 'desk', note: '社区协调' });
    await report('drop-3');

    const b = openStream('/api/events/stream', { 'Last-Event-ID': String(lastSeen) });
    await b.count(3);
    expect(b.messages.map((m) => [m.data.action, m.data.event.id])).toEqual([['report', 'drop-2'], ['escalate', 'drop-1'], ['report', 'drop-3']]);
    expect(b.messages[1].data).toMatchObject({ from_level: 'grid', note: '社区协调', event: { level: 'community', status: 'accepted' } });
    await report('drop-4');
    await b.count(4);
    expect(b.messages[3].data.event.id).toBe('drop-4');
    const ids = b.messages.map((m) => m.id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBeGreaterThan(lastSeen);
    await b.close();

    // The same, with the id in the query (EventSource cannot set headers on its first connection).
    const c = openStream(`/api/events/stream?last_event_id=${lastSeen}`);
    await c.count(4);
    expect(c.messages.map((m) => m.id)).toEqual(ids);
    await c.close();
  });

  it('a snapshot from GET /api/events carries last_seq: a stream opened from it misses nothing since', async () => {
    const snapshot = await (await api.get('/api/events?status=reported,accepted')).json();
    expect(snapshot.last_seq).toBeGreaterThan(0);
    await report('after-snapshot');
    const s = openStream(`/api/events/stream?last_event_id=${snapshot.last_seq}`);
    await s.count(1);
    expect(s.messages.map((m) => m.data.event.id)).toEqual(['after-snapshot']);
    await s.close();
  });

  it('refuses a Last-Event-ID that is not a sequence number', async () => {
    const res = await api.request('/api/events/stream', { headers: { 'Last-Event-ID': 'abc' } });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/Last-Event-ID/);
  });
});

describe('followEventFeed', () => {
  it('replays the log page by page, holding live entries back until it has caught up', async () => {
    const [{ n }] = await t.db.query<{ n: number }>('select count(*)::int as n from event_log');
    const got: FeedItem[] = [];
    const follow = followEventFeed(t.db, 0, (item) => got.push(item), (err) => { throw err; }, 2);
    // An event committed while the replay runs must come once, after the replayed ones.
    const live = report('during-replay');
    await follow.replayed;
    await live;
    // One more, after the replay: once it has come, anything held back (or doubled) would have come before it.
    await report('after-replay');
    await vi.waitFor(() => expect(got.at(-1)?.message.event.id).toBe('after-replay'), { timeout: 10_000, interval: 20 });
    follow.close();
    const seqs = got.map((g) => g.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs.length).toBe(n + 2);
    expect(got.slice(-2).map((g) => g.message.event.id)).toEqual(['during-replay', 'after-replay']);
  });
});
