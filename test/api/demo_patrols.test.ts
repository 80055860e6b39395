import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';
import { loadDemoPatrols } from '../../server/services/patrols/load_demo_patrols.ts';

/** The demo grid worker's week of patrols and visits, as the embedded demo writes it at start. */
describe('the demo week of patrols', () => {
  let t: TestDb;
  let api: TestServer;
  let grid: string;
  let walker: { username: string; authorization: string };

  beforeAll(async () => {
    t = await createTestDb('demo');
    api = await startTestServer(t.db);
    [{ code: grid }] = await t.db.query<{ code: string }>(`select code from area where level = 'grid' and kind = 'base' order by code limit 1`);
    walker = await api.userWith('grid_worker', grid);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await t?.drop();
  });

  it('gives the grid worker a patrol a day for the last week, drawn and counted, once', async () => {
    const first = await loadDemoPatrols(t.db, walker.username, grid);
    expect(first.patrols).toBe(7);
    expect(first.visits).toBeGreaterThanOrEqual(14);
    expect(await loadDemoPatrols(t.db, walker.username, grid)).toEqual({ patrols: 0, visits: 0 });

    const week = await (await api.request('/api/patrols?period=week', { headers: { authorization: walker.authorization } })).json();
    // The oldest started a little more than 6 days ago, at 8:30 at the earliest: inside the 7-day window.
    expect(week.features.length).toBeGreaterThanOrEqual(6);
    for (const f of week.features) {
      expect(f.geometry.type).toBe('LineString');
      expect(f.properties.kept).toBe(f.properties.points);
      expect(f.properties.distance_m).toBeGreaterThan(100);
      expect(f.properties.units.length).toBeGreaterThanOrEqual(3);
      expect(f.properties.stopped_at).not.toBeNull();
    }
    const stats = await (await api.request(`/api/patrols/stats?area=${grid}&group=grid`, { headers: { authorization: walker.authorization } })).json();
    expect(stats.areas[0].visited).toBeGreaterThan(0);
    expect(stats.areas[0].visited).toBeLessThanOrEqual(stats.areas[0].units);
  });
});
