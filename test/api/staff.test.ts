import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';
import { generateDemoTown } from '../../server/demo_town/generate_demo_town.ts';
import { generateStaff } from '../../server/demo_town/generate_staff.ts';

let t: TestDb;
let server: TestServer;
beforeAll(async () => {
  t = await createTestDb('demo');
  server = await startTestServer(t.db);
});
afterAll(async () => {
  await server?.close();
  await t?.drop();
});

describe('the staff and party register', () => {
  it('finds exactly the demo town\'s deliberate gaps: grids without a leader, a full-time worker or a branch', async () => {
    const { gaps } = generateStaff(generateDemoTown());
    const expected = new Map<string, string[]>();
    const name = { no_leader: 'grid_leader', no_worker: 'grid_worker', no_branch: 'party_branch' } as const;
    for (const g of gaps) expected.set(g.grid, [...(expected.get(g.grid) ?? []), name[g.kind]]);
    const res = await server.get('/api/staff/check?root=330782101');
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body.cells.map((c: any) => [c.code, [...c.missing].sort()])).toEqual([...expected].sort().map(([code, m]) => [code, m.sort()]));
    expect(body.counts).toEqual({
      no_leader: gaps.filter((g) => g.kind === 'no_leader').length,
      no_worker: gaps.filter((g) => g.kind === 'no_worker').length,
      no_branch: gaps.filter((g) => g.kind === 'no_branch').length,
    });
  });

  it('lists a grid\'s staff by role without phone numbers', async () => {
    const [grid] = await t.db.query<{ code: string }>(
      `select a.code from area a join staff_assignment s on s.area_id = a.id and s.role = 'police' order by a.code limit 1`,
    );
    const { staff } = await (await server.get(`/api/staff?within=${grid.code}`)).json();
    const roles = new Set(staff.map((s: any) => s.role));
    expect(roles.has('police')).toBe(true);
    expect(roles.has('volunteer')).toBe(true);
    for (const s of staff) expect(Object.keys(s).sort()).toEqual(['area_code', 'area_level', 'area_name', 'id', 'name', 'role']);
    expect(staff.every((s: any) => s.area_code.startsWith(grid.code))).toBe(true);
  });

  it('registers staff with roles, closing a gap; an unknown area refuses the whole request', async () => {
    const check = async () => (await (await server.get('/api/staff/check?root=330782101')).json()).cells as { code: string; missing: string[] }[];
    const gap = (await check()).find((c) => c.missing.includes('grid_leader'))!;
    const refused = await server.post('/api/staff', { staff: [{ id: 'NEW1', name: '骆明', roles: [{ role: 'grid_leader', area: gap.code }] }, { id: 'NEW2', name: '虞芳', roles: [{ role: 'volunteer', area: 'NOPE' }] }] });
    expect(refused.status).toBe(400);
    expect((await refused.json()).message).toMatch(/no area has code "NOPE"/);
    expect(await t.db.query(`select 1 from staff where id in ('NEW1', 'NEW2')`)).toEqual([]);
    const ok = await server.post('/api/staff', { staff: [{ id: 'NEW1', name: '骆明', phone: '13900000000', roles: [{ role: 'grid_leader', area: gap.code }] }] });
    expect(ok.status).toBe(201);
    const after = (await check()).find((c) => c.code === gap.code);
    expect(after?.missing ?? []).not.toContain('grid_leader');
    expect((await server.post('/api/staff', { staff: [{ id: 'X', name: 'x', roles: [{ role: 'mayor', area: gap.code }] }] })).status).toBe(400);
  });

  it("refuses a planner of one community rewriting a person who serves in another, and writes nothing", async () => {
    const [a, b] = await t.db.query<{ code: string }>(`select code from area where level = 'community' order by code limit 2`);
    const [gridA] = await t.db.query<{ code: string }>(`select code from area where level = 'grid' and code like $1::text || '%' order by code limit 1`, [a.code]);
    const [elsewhere] = await t.db.query<{ id: string; name: string; phone: string | null }>(
      `select s.id, s.name, s.phone from staff s join staff_assignment sa on sa.region = s.region and sa.staff_id = s.id join area g on g.id = sa.area_id
        where g.path like '%' || $1::text || '%' and not exists (
          select 1 from staff_assignment o join area og on og.id = o.area_id where o.region = s.region and o.staff_id = s.id and og.path like '%' || $2::text || '%')
        order by s.id limit 1`,
      [b.code, a.code],
    );
    const planner = await server.userWith('planner', a.code);
    const res = await server.post('/api/staff', { staff: [{ id: elsewhere.id, name: '冒名', phone: '13000000000', roles: [{ role: 'volunteer', area: gridA.code }] }] }, { authorization: planner.authorization });
    expect(res.status).toBe(403);
    expect((await res.json()).message).toContain(elsewhere.id);
    const [after] = await t.db.query<{ name: string; phone: string | null; roles: number }>(
      `select name, phone, (select count(*)::int from staff_assignment sa join area g on g.id = sa.area_id where sa.staff_id = s.id and g.code = $2::text) as roles from staff s where id = $1::text`,
      [elsewhere.id, gridA.code],
    );
    expect(after).toEqual({ name: elsewhere.name, phone: elsewhere.phone, roles: 0 });
    // A new person in the planner's own community is theirs to register.
    expect((await server.post('/api/staff', { staff: [{ id: 'OWN-1', name: '新人', roles: [{ role: 'volunteer', area: gridA.code }] }] }, { authorization: planner.authorization })).status).toBe(201);
  });

  it('lists party organisations under a community and attaches a new branch to a grid', async () => {
    const gap = (await (await server.get('/api/staff/check?root=330782101')).json()).cells.find((c: any) => c.missing.includes('party_branch'));
    const community = gap.code.slice(0, 12);
    const res = await server.post('/api/party-orgs', { orgs: [{ code: `P${gap.code}`, name: '新建网格党支部', kind: 'branch', area: gap.code, parent: `P${community}`, members: 5 }] });
    expect(res.status).toBe(201);
    const { party_orgs } = await (await server.get(`/api/party-orgs?within=${community}`)).json();
    expect(party_orgs.find((o: any) => o.code === `P${gap.code}`)).toMatchObject({ kind: 'branch', area_code: gap.code, parent_code: `P${community}`, members: 5 });
    expect(party_orgs[0]).toMatchObject({ code: `P${community}`, area_code: community });
    const bad = await server.post('/api/party-orgs', { orgs: [{ code: 'PX', name: 'x', kind: 'branch', area: gap.code, parent: 'NOPE' }] });
    expect(bad.status).toBe(400);
  });

  it('counts staff and party organisations on the area card', async () => {
    const summary = await (await server.get('/api/areas/330782101/summary')).json();
    expect(summary.households).toBe(40_000);
    expect(summary.staff.grid_leader).toBeGreaterThan(130);
    expect(summary.party_orgs.branch).toBeGreaterThan(130);
    expect(summary.facilities.committee).toBe(24);
  });
});
