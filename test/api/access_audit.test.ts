import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';

/**
 * Every kind of change lands in the audit log with who, what, where and before/after, in the same
 * transaction as the change (a refused change leaves no entry), and GET /api/audit finds each by
 * who, what, area and time.
 */
const VILLAGE = '330782101207';
const GRID = '33078210120701';
const OTHER = '330782101001';

let t: TestDb;
let api: TestServer;
let planner: { username: string; authorization: string };
let worker: { username: string; authorization: string };

beforeAll(async () => {
  t = await createTestDb('demo');
  api = await startTestServer(t.db);
  planner = await api.userWith('planner', VILLAGE);
  worker = await api.userWith('grid_worker', GRID);
}, 120_000);
afterAll(async () => {
  await api?.close();
  await t?.drop();
});

const audit = async (query: string) => {
  const res = await api.get(`/api/audit?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { actor: string; action: string; entity: string; entity_id: string | null; area_code: string | null; before: any; after: any; at: string }[];
};

describe('the audit log', () => {
  it('records each change with its actor, area and before/after, and the filters find it', async () => {
    const started = new Date(Date.now() - 1000).toISOString();
    const [spot] = await t.db.query<{ lon: number; lat: number }>(`select st_x(p) as lon, st_y(p) as lat from area, st_pointonsurface(geom) as p where code = $1::text`, [`${GRID}001`]);

    // Areas: an import by the planner under the village.
    // A small square inside the village: a planner held to it draws only on its ground.
    const [inside] = await t.db.query<{ lon: number; lat: number }>(`select st_x(p) as lon, st_y(p) as lat from area, st_pointonsurface(st_buffer(geom, -0.0005)) as p where code = $1::text`, [VILLAGE]);
    const square = { type: 'Polygon', coordinates: [[[inside.lon, inside.lat], [inside.lon + 0.0001, inside.lat], [inside.lon + 0.0001, inside.lat + 0.0001], [inside.lon, inside.lat + 0.0001], [inside.lon, inside.lat]]] };
    expect((await api.post('/api/areas/import', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: `${VILLAGE}99`, name: '新网格', level: 'grid', parent_code: VILLAGE }, geometry: square }] }, planner)).status).toBe(201);
    // Households and facilities: imports by the grid worker in their grid.
    const csv = (body: string, path: string) => api.request(path, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: worker.authorization }, body });
    expect((await csv(`id,lon,lat,people\nAUD-1,${spot.lon},${spot.lat},2\n`, '/api/households/import')).status).toBe(201);
    expect((await csv(`id,lon,lat,name,category\nAUD-F,${spot.lon},${spot.lat},Shop,shop\n`, '/api/facilities/import')).status).toBe(201);
    // Events: a report and a transition by the worker.
    const event = await (await api.post('/api/events', { category: 'dispute', description: 'audit', location: spot }, worker)).json();
    expect((await api.post(`/api/events/${event.id}/transitions`, { action: 'accept', by: '网格员' }, worker)).status).toBe(200);
    // Staff and party organisations, by the planner.
    expect((await api.post('/api/staff', { staff: [{ id: 'AUD-S', name: '李四', phone: '13900000000', roles: [{ role: 'volunteer', area: GRID }] }] }, planner)).status).toBe(201);
    expect((await api.post('/api/party-orgs', { orgs: [{ code: 'AUD-P', name: '支部', kind: 'branch', area: GRID }] }, planner)).status).toBe(201);
    // Coverage: an exception, its removal, a fix and its undo, by the planner.
    const gap = (await (await api.get(`/api/coverage?root=${VILLAGE}&kinds=gap`)).json()).features[0];
    expect((await api.post('/api/coverage/exceptions', { problem_id: gap.id, reason: 'a pond' }, planner)).status).toBe(201);
    expect((await api.request(`/api/coverage/exceptions/${gap.id}`, { method: 'DELETE', headers: planner })).status).toBe(204);
    const fix = await (await api.post('/api/coverage/fixes', { problem_id: gap.id, type: 'merge_gap', params: { into: GRID } }, planner)).json();
    expect(fix.fix_id).toBeGreaterThan(0);
    expect((await api.post(`/api/coverage/fixes/${fix.fix_id}/undo`, {}, planner)).status).toBe(200);
    // Sizing rules, by the administrator.
    const rules = (await (await api.get('/api/sizing/rules')).json()).rules;
    expect((await api.request('/api/sizing/rules', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules: rules.slice(1) }) })).status).toBe(200);

    const byPlanner = await audit(`who=${planner.username}&from=${encodeURIComponent(started)}`);
    expect(byPlanner.map((e) => e.action).sort()).toEqual(['areas.import', 'coverage.exception', 'coverage.exception_delete', 'coverage.fix', 'coverage.undo', 'party_orgs.register', 'staff.register']);
    expect(byPlanner.every((e) => e.area_code?.startsWith(VILLAGE))).toBe(true);
    expect(byPlanner.find((e) => e.action === 'coverage.exception')!.after).toMatchObject({ problem_id: gap.id, reason: 'a pond' });
    expect(JSON.stringify(byPlanner)).not.toMatch(/13900000000/); // phone numbers stay out of the log

    const byWorker = await audit(`who=${worker.username}`);
    expect(byWorker.map((e) => e.action).sort()).toEqual(['event.accept', 'event.report', 'facilities.import', 'households.import']);
    const accept = byWorker.find((e) => e.action === 'event.accept')!;
    expect(accept).toMatchObject({ entity: 'event', entity_id: event.id, before: { status: 'reported' }, after: { status: 'accepted', by: '网格员' } });
    expect(byWorker.find((e) => e.action === 'households.import')!.after).toMatchObject({ rows: 1, counts: { assigned: 1 } });

    const sizing = await audit('what=sizing.rules');
    expect(sizing[0].before).toHaveLength(rules.length);
    expect(sizing[0].after).toHaveLength(rules.length - 1);

    // Filters: by area (the grid's entries are found from the village and the town, not from elsewhere), by what, by time.
    expect((await audit(`area=${GRID}&what=event.report`)).map((e) => e.entity_id)).toEqual([event.id]);
    expect((await audit(`area=${VILLAGE}`)).length).toBeGreaterThanOrEqual(byPlanner.length + byWorker.length);
    expect((await audit(`area=${OTHER}&from=${encodeURIComponent(started)}`))).toEqual([]);
    expect(await audit(`who=${planner.username}&to=${encodeURIComponent(started)}`)).toEqual([]);
  });

  it('writes no entry for a change that was refused', async () => {
    const outsider = await api.userWith('planner', OTHER);
    const before = (await audit('limit=1000')).length;
    expect((await api.post('/api/staff', { staff: [{ id: 'AUD-X', name: '王五', roles: [{ role: 'volunteer', area: GRID }] }] }, outsider)).status).toBe(403);
    const bad = await api.post('/api/areas/import', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: 'X', level: 'grid', parent_code: 'nowhere' }, geometry: null }] });
    expect(bad.status).toBe(400);
    expect((await audit('limit=1000')).length).toBe(before);
  });
});
