import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';

describe('GET /api/search over the demo town', () => {
  let t: TestDb;
  let api: TestServer;
  beforeAll(async () => {
    t = await createTestDb('demo');
    api = await startTestServer(t.db);
  });
  afterAll(async () => {
    await api?.close();
    await t?.drop();
  });

  const search = async (q: string, extra = '') => {
    const res = await api.get(`/api/search?q=${encodeURIComponent(q)}${extra}`);
    expect(res.status).toBe(200);
    return (await res.json()).results as any[];
  };

  it('finds an area by its exact code first, with a box to jump to', async () => {
    const [first, ...rest] = await search('33078210100101');
    expect(first).toMatchObject({ type: 'area', code: '33078210100101', level: 'grid' });
    const [w, s, e, n] = first.bbox;
    expect(w).toBeLessThan(first.center[0]);
    expect(first.center[0]).toBeLessThan(e);
    expect(s).toBeLessThan(first.center[1]);
    expect(first.center[1]).toBeLessThan(n);
    // Then the grid's units, whose codes start with it.
    expect(rest.filter((r) => r.type === 'area').every((r) => r.code.startsWith('33078210100101'))).toBe(true);
  });

  it('finds areas by part of their name, communities before their grids', async () => {
    const [community] = await t.db.query<{ name: string; code: string }>(`select name, code from area where level = 'community' order by code limit 1`);
    const results = await search(community.name, '&types=area');
    expect(results[0]).toMatchObject({ code: community.code, level: 'community' });
    expect(results.slice(1).every((r) => r.name.includes(community.name))).toBe(true);
  });

  it('finds addresses, with where they are and their cell but nothing about who lives there', async () => {
    const [h] = await t.db.query<{ address: string; unit: string; lon: number; lat: number }>(
      `select h.address, c.code as unit, st_x(h.geom) as lon, st_y(h.geom) as lat
         from household h join area c on c.id = h.cell_id where h.assignment = 'assigned' order by h.id limit 1`,
    );
    const results = await search(h.address, '&types=address');
    const hit = results.find((r) => r.address === h.address);
    expect(hit).toBeDefined();
    expect(hit.cell.code).toBe(h.unit);
    expect(hit.center[0]).toBeCloseTo(h.lon, 4);
    expect(hit.center[1]).toBeCloseTo(h.lat, 4);
    expect(Object.keys(hit).sort()).toEqual(['address', 'cell', 'center', 'households', 'type']);
    const raw = JSON.stringify(results);
    expect(raw).not.toMatch(/head_name|phone|people/);
  });

  it('treats % and _ as themselves, and refuses an empty or overlong query', async () => {
    expect(await search('%')).toEqual([]);
    expect(await search('_')).toEqual([]);
    const empty = await api.get('/api/search?q=%20');
    expect(empty.status).toBe(400);
    expect((await empty.json()).message).toContain('q');
    expect((await api.get(`/api/search?q=${'x'.repeat(101)}`)).status).toBe(400);
    expect((await api.get('/api/search?q=a&types=people')).status).toBe(400);
  });
});
