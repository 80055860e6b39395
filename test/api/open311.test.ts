import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';
import { DEMO_OPEN311_KEY } from '../../server/services/event_settings.ts';

let t: TestDb;
let api: TestServer;
let spot: { lon: number; lat: number; grid: string };
beforeAll(async () => {
  delete process.env.GRIDWORK_OPEN311_KEYS; // the demo key
  t = await createTestDb('demo');
  api = await startTestServer(t.db);
  [spot] = await t.db.query(`select st_x(p) as lon, st_y(p) as lat, g.code as grid from area g, st_pointonsurface(g.geom) as p where g.level = 'grid' order by g.code limit 1`);
});
afterAll(async () => {
  await api?.close();
  await t?.drop();
});

const countEvents = async () => (await t.db.query<{ n: number }>('select count(*)::int as n from event'))[0].n;
const form = (fields: Record<string, string | number>) =>
  fetch(`${api.url}/open311/v2/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString(),
  });

describe('Open311 GeoReport v2', () => {
  it('lists the event categories as services', async () => {
    const services = await (await api.get('/open311/v2/services.json')).json();
    expect(services.map((s: any) => s.service_code)).toEqual(expect.arrayContaining(['dispute', 'safety_hazard', 'missing_person', 'service_request']));
    expect(services.find((s: any) => s.service_code === 'dispute')).toMatchObject({ service_name: 'Dispute', metadata: false, type: 'realtime', group: '矛盾纠纷' });
  });

  it('creates a request from a form post with the api key, then reads it singly and in a list', async () => {
    const res = await form({
      api_key: DEMO_OPEN311_KEY, service_code: 'public_facility', lat: spot.lat, long: spot.lon,
      description: 'Street light out', first_name: 'Ann', address_string: '1 Main St',
    });
    expect(res.status).toBe(201);
    const [created] = await res.json();
    expect(created.service_request_id).toMatch(/^[0-9a-f-]{36}$/);
    const [one] = await (await api.get(`/open311/v2/requests/${created.service_request_id}.json`)).json();
    expect(one).toMatchObject({
      service_request_id: created.service_request_id, status: 'open', service_code: 'public_facility', service_name: 'Public facility',
      description: 'Street light out', address: '1 Main St', address_id: spot.grid,
    });
    expect(one.lat).toBeCloseTo(spot.lat, 7);
    expect(one.long).toBeCloseTo(spot.lon, 7);
    expect(one.status_notes).toMatch(/reported at town level/);
    const event = await (await api.get(`/api/events/${created.service_request_id}`)).json();
    expect(event).toMatchObject({ source: 'open311', reporter: 'Ann', category: 'public_facility' });

    const list = await (await api.get('/open311/v2/requests.json?service_code=public_facility&status=open')).json();
    expect(list.map((r: any) => r.service_request_id)).toContain(created.service_request_id);
    const byId = await (await api.get(`/open311/v2/requests.json?service_request_id=${created.service_request_id},nope`)).json();
    expect(byId).toHaveLength(1);
  });

  it('maps a closed event to a closed request', async () => {
    const [created] = await (await form({ api_key: DEMO_OPEN311_KEY, service_code: 'dispute', lat: spot.lat, long: spot.lon, description: '邻里纠纷' })).json();
    const id = created.service_request_id;
    for (const body of [{ action: 'accept' }, { action: 'dispatch', assignee: '调解员' }, { action: 'start' }, { action: 'resolve' }, { action: 'verify' }, { action: 'close' }]) {
      expect((await api.post(`/api/events/${id}/transitions`, { ...body, by: 'desk' })).status).toBe(200);
    }
    const [r] = await (await api.get(`/open311/v2/requests/${id}.json`)).json();
    expect(r.status).toBe('closed');
    expect(r.expected_datetime).toBeNull();
    const closed = await (await api.get('/open311/v2/requests.json?status=closed')).json();
    expect(closed.map((x: any) => x.service_request_id)).toEqual([id]);
    // Several statuses, as GeoReport v2 allows: both lists together, each request once.
    const open = await (await api.get('/open311/v2/requests.json?status=open')).json();
    const both = await (await api.get('/open311/v2/requests.json?status=open,closed')).json();
    expect(both.map((x: any) => x.service_request_id).sort()).toEqual([...open, ...closed].map((x: any) => x.service_request_id).sort());
    expect(open.length).toBeGreaterThan(0);
    const wrong = await api.get('/open311/v2/requests.json?status=open,shut');
    expect(wrong.status).toBe(400);
    expect((await wrong.json())[0].description).toContain('status');
  });

  const bad: { name: string; fields: Record<string, string | number>; status: number; description: RegExp }[] = [
    { name: 'a missing api_key', fields: { service_code: 'dispute', lat: 29.3, long: 120.08 }, status: 400, description: /api_key is required/ },
    { name: 'a wrong api_key', fields: { api_key: 'guess', service_code: 'dispute', lat: 29.3, long: 120.08 }, status: 403, description: /Invalid api_key/ },
    { name: 'an unknown service', fields: { api_key: DEMO_OPEN311_KEY, service_code: 'ufo', lat: 29.3, long: 120.08 }, status: 400, description: /Unknown service_code "ufo"/ },
    { name: 'no coordinates', fields: { api_key: DEMO_OPEN311_KEY, service_code: 'dispute' }, status: 400, description: /lat/ },
    { name: 'a point outside every grid', fields: { api_key: DEMO_OPEN311_KEY, service_code: 'dispute', lat: 10, long: 100 }, status: 400, description: /outside every/ },
  ];
  for (const c of bad) {
    it(`refuses ${c.name} with ${c.status} in the spec's error shape, creating nothing`, async () => {
      const before = await countEvents();
      const res = await form(c.fields);
      expect(res.status).toBe(c.status);
      const body = await res.json();
      expect(body[0]).toMatchObject({ code: c.status });
      expect(body[0].description).toMatch(c.description);
      expect(await countEvents()).toBe(before);
    });
  }

  it('answers 404 in the spec shape for an unknown request', async () => {
    const res = await api.get('/open311/v2/requests/nope.json');
    expect(res.status).toBe(404);
    expect((await res.json())[0]).toMatchObject({ code: 404 });
  });
});
