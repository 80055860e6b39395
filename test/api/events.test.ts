import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';
import { replayEventHistory } from '../../server/domain/events/replay_event_history.ts';
import { EVENT_ACTIONS, EVENT_LEVELS, type DeadlineRule, type EventLevel } from '../../server/domain/events/event_types.ts';
import { historyStep } from '../../server/services/get_event.ts';

let t: TestDb;
let api: TestServer;
/** A point inside each of a few grids of the demo town, with the grid's and community's codes. */
let spots: { lon: number; lat: number; grid: string; community: string }[];
beforeAll(async () => {
  t = await createTestDb('demo');
  api = await startTestServer(t.db);
  spots = await t.db.query(
    `select st_x(p) as lon, st_y(p) as lat, g.code as grid, c.code as community
       from area g join area c on c.id = g.parent_id, st_pointonsurface(g.geom) as p
      where g.level = 'grid' and g.kind = 'base' order by g.code limit 12`,
  );
});
afterAll(async () => {
  await api?.close();
  await t?.drop();
});

const countEvents = async () => (await t.db.query<{ n: number }>('select count(*)::int as n from event'))[0].n;
const countLog = async () => (await t.db.query<{ n: number }>('select count(*)::int as n from event_log'))[0].n;
const report = (over: Record<string, unknown> = {}, spot = spots[0]) => ({
  category: 'environment',
  severity: 'medium',
  description: '河道有垃圾漂浮',
  location: { type: 'Point', coordinates: [spot.lon, spot.lat] },
  reporter: '网格员李娜',
  source: 'patrol',
  ...over,
});
const move = (id: string, body: Record<string, unknown>) => api.post(`/api/events/${encodeURIComponent(id)}/transitions`, { by: '指挥中心', ...body });

describe('POST /api/events', () => {
  it('snaps the point to its grid, starts the clock, and answers 201', async () => {
    const res = await api.post('/api/events', report({ id: 'ev-snap-1', severity: 'high' }));
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/api/events/ev-snap-1');
    const e = await res.json();
    expect(e).toMatchObject({ id: 'ev-snap-1', status: 'reported', level: 'grid', grid_code: spots[0].grid, region: '330782101', overdue: false });
    expect(e.cell_code.startsWith(spots[0].grid)).toBe(true);
    expect(Date.parse(e.due_at) - Date.parse(e.reported_at)).toBe(8 * 3_600_000); // grid, high: 8 h
    expect(e.allowed_actions).toEqual(['accept', 'escalate', 'cancel']);
  });

  it('is idempotent on the id: a retry returns the same event with 200; the id with another body is a 409', async () => {
    const body = report({ id: 'ev-idem-1' }, spots[1]);
    const first = await api.post('/api/events', body);
    expect(first.status).toBe(201);
    const [events, logs] = [await countEvents(), await countLog()];
    const retry = await api.post('/api/events', { ...body });
    expect(retry.status).toBe(200);
    expect((await retry.json()).id).toBe('ev-idem-1');
    const other = await api.post('/api/events', { ...body, description: '另一件事' });
    expect(other.status).toBe(409);
    expect((await other.json()).message).toMatch(/already names a different event/);
    expect([await countEvents(), await countLog()]).toEqual([events, logs]);
  });

  it('stays idempotent under concurrent retries (they share one batched statement) and takes a burst whole', async () => {
    const body = report({ id: 'ev-race-1' }, spots[9]);
    const before = await countEvents();
    const answers = await Promise.all(Array.from({ length: 6 }, () => api.post('/api/events', body)));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(await Promise.all(answers.map(async (r) => (await r.json()).id)))).toEqual(new Set(['ev-race-1']));
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => api.post('/api/events', report({ id: `burst-${i}`, description: `burst ${i}` }, spots[i % spots.length]))));
    expect(burst.every((r) => r.status === 201)).toBe(true);
    expect(await countEvents()).toBe(before + 41);
    const [{ n, distinct }] = await t.db.query<{ n: number; distinct: number }>(
      `select count(*)::int as n, count(distinct seq)::int as distinct from event_log where action = 'report' and event_id like 'burst-%'`,
    );
    expect([n, distinct]).toEqual([40, 40]);
  });

  it('lets only one of several concurrent identical transitions win', async () => {
    await api.post('/api/events', report({ id: 'ev-race-2' }, spots[10]));
    const answers = await Promise.all(Array.from({ length: 5 }, () => move('ev-race-2', { action: 'accept' })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    const e = await (await api.get('/api/events/ev-race-2')).json();
    expect(e.history.map((h: any) => h.action)).toEqual(['report', 'accept']);
  });

  it('gives an id when the client sends none, and lands hotline reports at the town centre', async () => {
    const res = await api.post('/api/events', report({ source: 'hotline_12345', category: 'service_request' }, spots[2]));
    expect(res.status).toBe(201);
    const e = await res.json();
    expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(e.level).toBe('town');
  });

  it('offers open events of the same category nearby as likely duplicates', async () => {
    const s = spots[3];
    const a = await (await api.post('/api/events', report({ id: 'dup-a', category: 'public_facility' }, s))).json();
    expect(a.likely_duplicates).toEqual([]);
    const near = { ...s, lon: s.lon + 0.0002 }; // about 20 m east
    const b = await (await api.post('/api/events', report({ id: 'dup-b', category: 'public_facility' }, near))).json();
    expect(b.likely_duplicates.map((d: any) => d.id)).toEqual(['dup-a']);
    expect(b.likely_duplicates[0].distance_m).toBeGreaterThan(10);
    expect(b.likely_duplicates[0].distance_m).toBeLessThan(30);
    const c = await (await api.post('/api/events', report({ id: 'dup-c', category: 'dispute' }, near))).json();
    expect(c.likely_duplicates).toEqual([]);
  });

  const bad: { name: string; body: () => unknown; status: number; message: RegExp }[] = [
    { name: 'an unknown category', body: () => report({ category: 'alien_landing' }), status: 400, message: /Unknown category "alien_landing": expected one of dispute, safety_hazard/ },
    { name: 'a point outside every grid', body: () => report({ location: { lon: 100, lat: 10 } }), status: 400, message: /outside every area/ },
    { name: 'a point in the coverage gap', body: () => report({ location: { lon: 0, lat: 0 } }), status: 400, message: /outside every grid|outside every area/ },
    { name: 'no description', body: () => report({ description: '  ' }), status: 400, message: /"description"/ },
    { name: 'an unknown field', body: () => report({ colour: 'red' }), status: 400, message: /colour/ },
    { name: 'a bad id', body: () => report({ id: 'has space' }), status: 400, message: /"id"/ },
    { name: 'a latitude out of range', body: () => report({ location: { lon: 120, lat: 95 } }), status: 400, message: /location/ },
    { name: 'an unknown source', body: () => report({ source: 'pigeon' }), status: 400, message: /"source"/ },
    { name: 'a report from the future', body: () => report({ reported_at: '2099-01-01T00:00:00Z' }), status: 400, message: /in the future/ },
  ];
  for (const c of bad) {
    it(`refuses ${c.name} with ${c.status}, writing nothing`, async () => {
      const before = [await countEvents(), await countLog()];
      const res = await api.post('/api/events', c.body());
      expect(res.status).toBe(c.status);
      expect((await res.json()).message).toMatch(c.message);
      expect([await countEvents(), await countLog()]).toEqual(before);
    });
  }
});

describe('POST /api/events/:id/transitions', () => {
  it('walks the whole loop, logging who, when and a note, and the history replays to the state', async () => {
    await api.post('/api/events', report({ id: 'loop-1', category: 'safety_hazard', severity: 'high' }, spots[4]));
    const steps = [
      { action: 'accept' },
      { action: 'escalate', note: '需社区协调' },
      { action: 'dispatch', assignee: '社区安全员', note: '请今日处理' },
      { action: 'start' },
      { action: 'suspend', note: '等待燃气公司' },
      { action: 'resume' },
      { action: 'resolve' },
      { action: 'return', note: '未整改到位' },
      { action: 'resolve' },
      { action: 'verify' },
      { action: 'close', note: '办结' },
    ];
    for (const s of steps) {
      const res = await move('loop-1', s);
      expect(res.status, `${s.action}: ${await res.clone().text()}`).toBe(200);
    }
    const e = await (await api.get('/api/events/loop-1')).json();
    expect(e).toMatchObject({ status: 'closed', level: 'community', assignee: '社区安全员', allowed_actions: [], history_replays: true });
    expect(e.history.map((h: any) => h.action)).toEqual(['report', ...steps.map((s) => s.action)]);
    expect(e.history[2]).toMatchObject({ from_status: 'accepted', to_status: 'accepted', from_level: 'grid', to_level: 'community', note: '需社区协调', by: '指挥中心' });
    expect(e.history.every((h: any, i: number) => i === 0 || h.seq > e.history[i - 1].seq)).toBe(true);
    expect(e.closed_at).toBe(e.history.at(-1).at);
  });

  it('refuses an illegal transition with 409 naming the status and the allowed actions, changing nothing', async () => {
    await api.post('/api/events', report({ id: 'illegal-1' }, spots[5]));
    const logs = await countLog();
    const res = await move('illegal-1', { action: 'close' });
    expect(res.status).toBe(409);
    expect((await res.json()).message).toMatch(/status reported.*allowed now: accept, escalate, cancel/);
    const incomplete = await move('illegal-1', { action: 'accept', to: 'city' });
    expect(incomplete.status).toBe(400);
    expect(await countLog()).toBe(logs);
    expect((await (await api.get('/api/events/illegal-1')).json()).status).toBe('reported');
  });

  it('refuses a dispatch without an assignee (400), an unknown action (400), no "by" (400) and an unknown event (404)', async () => {
    await api.post('/api/events', report({ id: 'bad-step-1' }, spots[6]));
    await move('bad-step-1', { action: 'accept' });
    expect((await move('bad-step-1', { action: 'dispatch' })).status).toBe(400);
    expect((await move('bad-step-1', { action: 'teleport' })).status).toBe(400);
    expect((await api.post('/api/events/bad-step-1/transitions', { action: 'cancel' })).status).toBe(400);
    expect((await move('no-such-event', { action: 'accept' })).status).toBe(404);
    expect((await (await api.get('/api/events/bad-step-1')).json()).status).toBe('accepted');
  });

  it('seeded property: random steps over HTTP; every stored history replays exactly to the stored state', async () => {
    const rng = seedrandom('gridwork-events-http');
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
    const [{ deadlines }] = await t.db.query<{ deadlines: DeadlineRule[] }>(
      `select json_agg(json_build_object('level', level, 'category', category, 'severity', severity, 'hours', hours)) as deadlines from event_deadline`,
    );
    for (let k = 0; k < 6; k++) {
      const id = `prop-${k}`;
      await api.post('/api/events', report({ id, severity: pick(['low', 'high']), category: pick(['dispute', 'missing_person']) }, spots[k]));
      for (let i = 0; i < 15; i++) {
        const current = await (await api.get(`/api/events/${id}`)).json();
        if (current.allowed_actions.length === 0) break;
        const action = rng() < 0.75 ? pick(current.allowed_actions as string[]) : pick(EVENT_ACTIONS);
        const res = await move(id, { action, assignee: rng() < 0.9 ? pick(['甲', '乙']) : undefined, to: rng() < 0.2 ? pick(EVENT_LEVELS) : undefined });
        expect([200, 400, 409]).toContain(res.status);
        if (!current.allowed_actions.includes(action)) expect(res.status).toBe(409);
      }
      const e = await (await api.get(`/api/events/${id}`)).json();
      expect(e.history_replays).toBe(true);
      const first = e.history[0];
      const state = replayEventHistory(
        { category: e.category, severity: e.severity, level: first.to_level as EventLevel, at: first.at },
        e.history.slice(1).map(historyStep),
        deadlines,
      );
      expect({ status: state.status, level: state.level, assignee: state.assignee, due_at: state.dueAt, closed_at: state.closedAt, updated_at: state.updatedAt })
        .toEqual({ status: e.status, level: e.level, assignee: e.assignee, due_at: e.due_at, closed_at: e.closed_at, updated_at: e.updated_at });
    }
  });
});

describe('GET /api/events', () => {
  it('filters by status, category, level, area subtree, time and bbox, and pages', async () => {
    const all = await (await api.get('/api/events?limit=5000')).json();
    expect(all.total).toBe(await countEvents());
    const inCommunity = await (await api.get(`/api/events?area=${spots[0].community}&limit=5000`)).json();
    expect(inCommunity.total).toBeGreaterThan(0);
    expect(inCommunity.events.every((e: any) => e.grid_code.startsWith(spots[0].community))).toBe(true);
    expect(inCommunity.total).toBe(all.events.filter((e: any) => e.grid_code.startsWith(spots[0].community)).length);

    const closed = await (await api.get('/api/events?status=closed')).json();
    expect(closed.events.map((e: any) => e.id)).toContain('loop-1');
    expect(closed.events.every((e: any) => e.status === 'closed')).toBe(true);
    const open = await (await api.get('/api/events?status=open&limit=5000')).json();
    expect(open.total).toBe(all.events.filter((e: any) => e.status !== 'closed' && e.status !== 'cancelled').length);
    const byCat = await (await api.get('/api/events?category=public_facility,dispute')).json();
    expect(new Set(byCat.events.map((e: any) => e.category))).toEqual(new Set(['public_facility', 'dispute']));
    const town = await (await api.get('/api/events?level=town')).json();
    expect(town.events.length).toBeGreaterThan(0);
    expect(town.events.every((e: any) => e.level === 'town')).toBe(true);

    const s = spots[3];
    const [w, so, ea, n] = [s.lon - 0.001, s.lat - 0.001, s.lon + 0.001, s.lat + 0.001];
    const box = await (await api.get(`/api/events?bbox=${w},${so},${ea},${n}`)).json();
    expect(box.events.map((e: any) => e.id)).toEqual(expect.arrayContaining(['dup-a', 'dup-b', 'dup-c']));
    const inside = all.events.filter((e: any) => e.lon >= w && e.lon <= ea && e.lat >= so && e.lat <= n);
    expect(box.events.map((e: any) => e.id).sort()).toEqual(inside.map((e: any) => e.id).sort());
    const future = await (await api.get(`/api/events?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).json();
    expect(future.total).toBe(0);

    const page1 = await (await api.get('/api/events?limit=3')).json();
    const page2 = await (await api.get(`/api/events?limit=3&offset=${page1.next_offset}`)).json();
    expect(page1.events).toHaveLength(3);
    expect(page2.events[0].id).toBe(all.events[3].id);
  });

  it('answers GeoJSON points', async () => {
    const res = await api.get('/api/events?format=geojson&limit=2');
    expect(res.headers.get('content-type')).toMatch(/application\/geo\+json/);
    const fc = await res.json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features[0].geometry.type).toBe('Point');
    expect(fc.features[0].properties.status).toBeDefined();
  });

  it('flags overdue events by their level deadline and filters on it', async () => {
    const past = new Date(Date.now() - 10 * 3_600_000).toISOString(); // grid, high: 8 h
    const e = await (await api.post('/api/events', report({ id: 'late-1', severity: 'high', reported_at: past }, spots[7]))).json();
    expect(e.overdue).toBe(true);
    const overdue = await (await api.get('/api/events?overdue=true&limit=5000')).json();
    expect(overdue.events.map((x: any) => x.id)).toContain('late-1');
    expect(overdue.events.every((x: any) => x.overdue)).toBe(true);
    await move('late-1', { action: 'accept' });
    await move('late-1', { action: 'suspend' });
    expect((await (await api.get('/api/events/late-1')).json()).overdue).toBe(false); // the clock is paused
  });

  it('refuses bad filters with 400 and an unknown area with 404', async () => {
    expect((await api.get('/api/events?status=lost')).status).toBe(400);
    expect((await api.get('/api/events?bbox=1,2,3')).status).toBe(400);
    expect((await api.get('/api/events?from=yesterday')).status).toBe(400);
    expect((await api.get('/api/events?area=nowhere')).status).toBe(404);
    const cat = await api.get('/api/events?category=dispute,ufo');
    expect(cat.status).toBe(400);
    expect((await cat.json()).message).toMatch(/Unknown category "ufo"/);
    expect((await api.get('/api/events/heat?category=ufo')).status).toBe(400);
  });
});

describe('GET /api/events/heat and /stats', () => {
  it('bins in memory exactly as the SQL arithmetic does, with filters', async () => {
    const town = '330782101';
    for (const q of ['zoom=12', 'zoom=15&cell_px=16', `zoom=14&category=environment&area=${spots[0].community}`, 'zoom=13&status=reported,closed']) {
      const mem = await (await api.get(`/api/events/heat?${q}`)).json();
      const sql = await (await api.get(`/api/events/heat?${q}&method=sql`)).json();
      expect(mem.method).toBe('memory');
      expect(mem.bins.map((b: any) => [b.ix, b.iy, b.count])).toEqual(sql.bins.map((b: any) => [b.ix, b.iy, b.count]));
    }
    const all = await (await api.get(`/api/events/heat?zoom=10&area=${town}`)).json();
    expect(all.total).toBe(await countEvents());
    // A new event reaches the index at once.
    await api.post('/api/events', report({ id: 'heat-live' }, spots[8]));
    expect((await (await api.get(`/api/events/heat?zoom=10`)).json()).total).toBe(all.total + 1);
    const poly = await (await api.get('/api/events/heat?zoom=12&format=geojson&geometry=polygon')).json();
    expect(poly.features[0].geometry.type).toBe('Polygon');
    expect(poly.features.reduce((n: number, f: any) => n + f.properties.count, 0)).toBe(all.total + 1);
  });

  it('counts per community by category and status, same-day closes, and exports CSV', async () => {
    const stats = await (await api.get('/api/events/stats?area=330782101&group=community')).json();
    expect(stats.groups).toHaveLength(24);
    expect(stats.total.total).toBe(await countEvents());
    expect(stats.groups.reduce((n: number, g: any) => n + g.total, 0)).toBe(stats.total.total);
    expect(stats.total.by_status.closed).toBeGreaterThanOrEqual(1);
    expect(stats.total.closed_same_day).toBeGreaterThanOrEqual(1);
    expect(stats.total.median_hours_to_close).toBeGreaterThanOrEqual(0);
    const g = stats.groups.find((x: any) => x.code === spots[0].community);
    expect(g.total).toBe((await (await api.get(`/api/events?area=${spots[0].community}`)).json()).total);

    const csv = await api.get('/api/events/stats?area=330782101&group=grid&format=csv');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^code,name,total,open,closed,closed_same_day,share_closed_same_day,median_hours_to_close,overdue,overdue_grid/);
    expect(lines).toHaveLength(1 + 145 + 1);
    expect(lines.at(-1)!.split(',')[2]).toBe(String(await countEvents()));
  });

  it('refuses a stats request without an area, and a zoom out of range', async () => {
    expect((await api.get('/api/events/stats')).status).toBe(400);
    expect((await api.get('/api/events/heat?zoom=40')).status).toBe(400);
  });
});
