import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { longestBorderSibling } from '../helpers/longest_border_sibling.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';
import { importAreas } from '../../server/services/import_areas.ts';

/**
 * The Critical findings of issue #14, each as an attacker ran it, with users scoped to two
 * sibling communities of the demo town (C1, and C2 the neighbour sharing the longest border):
 * a code holding '/' that passed for a place inside C1; a C1 draft whose cells reached over C2
 * and whose publish moved C2's households into C1 (or C1's out of it); an upsert that took C2's
 * party branch; duplicates and idempotency keys that told of C2's events; plans outside one's
 * area answering 403 where events answer 404. Membership of a subtree is always computed here
 * by walking the parent links, never from `path`.
 */
const C1 = '330782101001';

let t: TestDb;
let api: TestServer;
let C2: string;
const as: Record<string, { authorization: string }> = {};
// A unit of C2 touching C1, with households; its grid; the C1 grid beside it; a C1 unit beside it.
let border: { unit: string; grid: string; c1grid: string; c1unit: string };

/** Ids of the areas under `code` (itself included), by the parent links. */
const subtree = async (code: string) =>
  (await t.db.query<{ id: number }>(
    `with recursive sub as (select id from area where code = $1::text union all select a.id from area a join sub on a.parent_id = sub.id) select id from sub`,
    [code],
  )).map((r) => r.id);
/** Ids of the households whose cell lies under `code`. */
const householdsUnder = async (code: string) =>
  (await t.db.query<{ id: string }>(`select id from household where cell_id = any($1::int[]) order by id`, [await subtree(code)])).map((r) => r.id);
const geojsonOf = async (sql: string, params: unknown[]) => JSON.parse((await t.db.query<{ g: string }>(sql, params))[0].g);

beforeAll(async () => {
  t = await createTestDb('demo');
  api = await startTestServer(t.db);
  C2 = await longestBorderSibling(t.db, C1);
  [border] = await t.db.query<typeof border>(
    `select u.code as unit, g.code as grid,
            (select g1.code from area g1 join area c on c.id = g1.parent_id where c.code = $1::text and st_intersects(g1.geom, u.geom) order by g1.code limit 1) as c1grid,
            (select u1.code from area u1 join area g1 on g1.id = u1.parent_id join area c on c.id = g1.parent_id
              where c.code = $1::text and u1.level = 'unit' and st_intersects(u1.geom, u.geom)
                and (select count(*) from household h where h.cell_id = u1.id) >= 3
              order by (select count(*) from household h where h.cell_id = u1.id) desc limit 1) as c1unit
       from area u join area g on g.id = u.parent_id join area c2 on c2.id = g.parent_id, area c1
      where c2.code = $2::text and c1.code = $1::text and u.level = 'unit' and st_intersects(u.geom, c1.geom)
        and (select count(*) from household h where h.cell_id = u.id) >= 3
      order by (select count(*) from household h where h.cell_id = u.id) desc, u.code limit 1`,
    [C1, C2],
  );
  expect(border.c1grid && border.c1unit).toBeTruthy();
  for (const [name, role, at, canPublish] of [
    ['plannerC1', 'planner', C1, true], ['dispatcherC1', 'dispatcher', C1, false], ['plannerC2', 'planner', C2, false],
  ] as const) {
    as[name] = { authorization: (await api.userWith(role, at, { canPublish })).authorization };
  }
}, 180_000);
afterAll(async () => {
  await api?.close();
  await t?.drop();
});

const fc = (features: unknown[]) => ({ type: 'FeatureCollection', features });

describe('a code cannot pass for a place it is not', () => {
  it('refuses a feature coded 330782101001/x over a C2 unit (API and CLI), and within= that code lists nothing of C2', async () => {
    onTestFinished(() => t.db.query(`delete from area where code = $1::text`, [`${C1}/x`]).then(() => undefined)); // written only where the bug is
    const geometry = await geojsonOf(`select st_asgeojson(geom, 9) as g from area where code = $1::text`, [border.unit]);
    const areasBefore = (await t.db.query<{ n: number }>(`select count(*)::int as n from area`))[0].n;
    const res = await api.post('/api/areas/import?allow_invalid=true', fc([
      { type: 'Feature', properties: { code: `${C1}/x`, name: '东苑飞地', level: 'unit', parent_code: border.grid }, geometry },
    ]), as.plannerC1);
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(400);
    expect(body.problems[0]).toMatchObject({ index: 0, field: 'code' });
    expect(body.message).toMatch(/"\/" \(U\+002F\) at position 13/);
    await expect(importAreas(t.db, fc([{ type: 'Feature', properties: { code: `${C1}/x`, name: 'x', level: 'unit', parent_code: border.grid }, geometry }]))).rejects.toThrow(/U\+002F/);
    expect((await t.db.query<{ n: number }>(`select count(*)::int as n from area`))[0].n).toBe(areasBefore);

    const list = await api.get(`/api/households?within=${encodeURIComponent(`${C1}/x`)}&limit=10000`, as.dispatcherC1);
    expect(list.status).toBe(404);
    const c2 = new Set(await householdsUnder(C2));
    expect(c2.size).toBeGreaterThan(0);
    const text = await list.text();
    expect([...c2].some((id) => text.includes(`"${id}"`))).toBe(false);
  });

  it('refuses every spelling that is not of the alphabet, naming the feature and the character', async () => {
    const geometry = await geojsonOf(`select st_asgeojson(geom, 9) as g from area where code = $1::text`, [border.unit]);
    const tried = ['ok-1'];
    onTestFinished(() => t.db.query(`delete from area where code = any($1::text[])`, [tried]).then(() => undefined)); // written only where the bug is
    for (const [code, shown] of [
      [`${C1}%2Fx`, '"%" (U+0025) at position 13'], [`${C1}\u2215x`, '(U+2215) at position 13'], [`${C1}\uff0fx`, '(U+FF0F) at position 13'],
      [`${C1}\\x`, '"\\" (U+005C) at position 13'], [`${C1}\nx`, 'U+000A at position 13'], [`${C1} x`, 'U+0020 at position 13'],
      [`${C1}\u200bx`, 'U+200B at position 13'], ['..', '"." (U+002E) at position 1'], [`-${C1}`, '"-" (U+002D) at position 1'],
      ['３３０７８２', '(U+FF13) at position 1'], ['x'.repeat(65), '65 characters'],
    ]) {
      tried.push(code);
      const res = await api.post('/api/areas/import', fc([
        { type: 'Feature', properties: { code: 'ok-1', name: 'a', level: 'unit', parent_code: border.c1grid }, geometry },
        { type: 'Feature', properties: { code, name: 'b', level: 'unit', parent_code: border.c1grid }, geometry },
      ]), as.plannerC1);
      const body = await res.json();
      expect(res.status, code).toBe(400);
      const problem = body.problems.find((p: { field: string }) => p.field === 'code');
      expect(problem, code).toMatchObject({ index: 1 });
      expect(problem.problem, code).toContain(shown);
    }
  });

  it('compares paths as whole segments: "_" in a code is not a wildcard for a sibling\'s', async () => {
    const [at] = await t.db.query<{ lon: number; lat: number }>(`select st_x(p) as lon, st_y(p) as lat from area, st_pointonsurface(geom) p where code = $1::text`, [border.c1unit]);
    const d = 0.00005;
    const square = { type: 'Polygon', coordinates: [[[at.lon - d, at.lat - d], [at.lon + d, at.lat - d], [at.lon + d, at.lat + d], [at.lon - d, at.lat + d], [at.lon - d, at.lat - d]]] };
    const area = (code: string, parent: string, level: string) => ({ type: 'Feature', properties: { code, name: code, level, parent_code: parent }, geometry: square });
    expect((await api.post('/api/areas/import', fc([area('Q_1', border.c1grid, 'subgrid'), area('QX1', border.c1grid, 'subgrid'), area('QX1-u', 'QX1', 'unit')]))).status).toBe(201);
    const csv = await api.request('/api/households/import', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: `id,lon,lat,people\nQX-H1,${at.lon},${at.lat},2\n` });
    expect(csv.status).toBe(201);
    expect((await t.db.query<{ code: string }>(`select a.code from household h join area a on a.id = h.cell_id where h.id = 'QX-H1'`))[0].code).toBe('QX1-u');
    for (const path of ['/api/households?within=Q_1&limit=100', '/api/areas/Q_1/households', '/api/facilities?within=Q_1']) {
      const res = await api.get(path, as.dispatcherC1);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).not.toContain('QX-H1');
    }
    expect((await (await api.get('/api/areas/Q_1/summary', as.dispatcherC1)).json()).households).toBe(0);
  });

  it('the database refuses a bad code and a path that is not the tree\'s, whoever writes', async () => {
    // Each write in a transaction rolled back afterwards, constraints checked at once: on a
    // database without the guards the write goes through, and must not leave its mark.
    const attempt = (sql: string, params: unknown[]) => t.db.transaction(async (tx) => {
      await tx.query('set constraints all immediate');
      await tx.query(sql, params);
      throw new Error('the database took it');
    });
    await expect(attempt(`update area set code = code || '/x' where code = $1::text`, [border.unit])).rejects.toThrow(/area_code_alphabet/);
    await expect(attempt(`update area set path = $2::text || '/' || path where code = $1::text`, [border.unit, C1])).rejects.toThrow(/not its place in the tree/);
    await expect(attempt(`update area set parent_id = (select id from area where code = $2::text) where code = $1::text`, [border.unit, border.c1grid])).rejects.toThrow(/not its place in the tree/);
    await expect(attempt(`insert into party_org (region, code, name, kind) values ('330782101', $1::text, 'x', 'branch')`, ['P/1'])).rejects.toThrow(/party_org_code_alphabet/);
    expect(await subtree(C2)).toContain((await t.db.query<{ id: number }>(`select id from area where code = $1::text`, [border.unit]))[0].id);
  });
});

describe('a draft re-arranges its root and nothing beside it', () => {
  const edit = async (plan: { id: number; rev: number }, body: unknown) => {
    const res = await api.post(`/api/plans/${plan.id}/edits`, body, { ...as.plannerC1, 'if-match': `"${plan.rev}"` });
    const json = await res.json();
    if (res.status === 200) plan.rev = json.plan.rev;
    return { status: res.status, json };
  };
  const newPlan = async (root: string) => {
    const res = await api.post('/api/plans', { root, name: 'escape' }, as.plannerC1);
    expect(res.status).toBe(201);
    return res.json();
  };

  it('refuses a cell drawn over C2, clips one reaching over the border, and the publish moves nothing of C2', async () => {
    const [spot] = await t.db.query<{ lon: number; lat: number }>(`select st_x(p) as lon, st_y(p) as lat from area, st_pointonsurface(geom) p where code = $1::text`, [border.unit]);
    const event = await (await api.post('/api/events', { category: 'dispute', description: 'C2 的事件', location: spot })).json();
    expect(event.id).toBeTruthy();
    const c2Before = await householdsUnder(C2);

    const plan = await newPlan(C1);
    const over = await geojsonOf(`select st_asgeojson(geom, 9) as g from area where code = $1::text`, [border.unit]);
    const refused = await edit(plan, { op: 'create', parent_code: border.c1grid, level: 'unit', name: '越界', geometry: over, snap_m: 0 });
    expect(refused.status, JSON.stringify(refused.json)).toBe(400);
    expect(refused.json.message).toMatch(new RegExp(`outside ${C1}`));

    const reaching = await geojsonOf(`select st_asgeojson(st_expand(st_envelope(geom), 0.001), 9) as g from area where code = $1::text`, [border.unit]);
    const clipped = await edit(plan, { op: 'create', parent_code: border.c1grid, level: 'unit', name: '跨界', geometry: reaching, snap_m: 0 });
    expect(clipped.status, JSON.stringify(clipped.json)).toBe(200);
    const [made] = clipped.json.touched.filter((c: string) => c.startsWith(border.c1grid) && c !== border.c1grid);
    const [outside] = await t.db.query<{ m2: number }>(
      `select st_area(st_difference(pa.geom, c.geom, 1e-9)::geography) as m2 from plan_area pa, area c where pa.plan_id = $1::int and pa.code = $2::text and c.code = $3::text`,
      [plan.id, made, C1]);
    expect(outside.m2).toBeLessThan(1);

    const publish = await api.post(`/api/plans/${plan.id}/publish`, { reason: '东苑调整' }, { ...as.plannerC1, 'if-match': `"${plan.rev}"` });
    expect([200, 409]).toContain(publish.status);
    expect(await householdsUnder(C2)).toEqual(c2Before);
    expect((await api.get(`/api/events/${event.id}`, as.dispatcherC1)).status).toBe(404);
    const [stored] = await t.db.query<{ in_c2: boolean }>(`select cell_id = any($2::int[]) as in_c2 from event where id = $1::text`, [event.id, await subtree(C2)]);
    expect(stored.in_c2).toBe(true);
    const listed = await (await api.get('/api/households?limit=10000', as.dispatcherC1)).text();
    expect(c2Before.some((id) => listed.includes(`"${id}"`))).toBe(false);
  });

  it('refuses (409, listing them) a publish that would move households out of the root, and writes nothing', async () => {
    // A unit as the root: shrunk, the households along its edge would fall to its grid, outside it.
    const [shrunk] = await t.db.query<{ g: string; out: number }>(
      `select st_asgeojson(st_buffer(u.geom, -0.0002), 9) as g,
              (select count(*)::int from household h where h.cell_id = u.id and not st_covers(st_buffer(u.geom, -0.0002), h.geom)) as out
         from area u where u.code = $1::text`,
      [border.c1unit]);
    expect(shrunk.out).toBeGreaterThan(0);
    const inUnit = await householdsUnder(border.c1unit);
    const plan = await newPlan(border.c1unit);
    expect((await edit(plan, { op: 'reshape', code: border.c1unit, geometry: JSON.parse(shrunk.g), snap_m: 0 })).status).toBe(200);
    const publish = await api.post(`/api/plans/${plan.id}/publish`, { reason: '缩小' }, { ...as.plannerC1, 'if-match': `"${plan.rev}"` });
    const body = await publish.json();
    expect(publish.status, JSON.stringify(body).slice(0, 500)).toBe(409);
    expect(body.message).toMatch(new RegExp(`${shrunk.out} households? across the boundary of ${border.c1unit}`));
    const households = body.problems.filter((p: { field: string }) => p.field === 'household');
    expect(households.length).toBe(shrunk.out);
    expect(households.every((p: { code: string; problem: string }) => inUnit.includes(p.code) && /would leave/.test(p.problem))).toBe(true);
    expect(await householdsUnder(border.c1unit)).toEqual(inUnit);
    expect((await (await api.get(`/api/plans/${plan.id}`, as.plannerC1)).json()).status).toBe('draft');
  });

  it('a plan outside one\'s area answers 404, as a plan that does not exist', async () => {
    const plan = await newPlan(C1);
    const outsider = await api.get(`/api/plans/${plan.id}`, as.plannerC2);
    const none = await api.get('/api/plans/99999999', as.plannerC2);
    expect(outsider.status).toBe(404);
    expect(none.status).toBe(404);
    expect((await outsider.json()).message).toBe((await none.json()).message.replace('99999999', String(plan.id)));
    expect((await api.post(`/api/plans/${plan.id}/edits`, { op: 'lock', code: C1 }, { ...as.plannerC2, 'if-match': `"${plan.rev}"` })).status).toBe(404);
  });
});

describe('an upsert checks the row it would overwrite', () => {
  it('refuses C1\'s write of C2\'s party branch and writes nothing; an allowed overwrite audits the row it replaced', async () => {
    const [c2Branch] = await t.db.query<{ code: string; name: string; area_id: number }>(
      `select code, name, area_id from party_org where kind = 'branch' and area_id = any($1::int[]) order by code limit 1`, [await subtree(C2)]);
    const res = await api.post('/api/party-orgs', { orgs: [{ code: c2Branch.code, name: '东苑接管', kind: 'branch', area: border.c1grid }] }, as.plannerC1);
    expect([403, 404]).toContain(res.status);
    const [after] = await t.db.query<{ name: string; area_id: number }>(`select name, area_id from party_org where code = $1::text`, [c2Branch.code]);
    expect(after).toEqual({ name: c2Branch.name, area_id: c2Branch.area_id });
    expect(await t.db.query(`select 1 from audit_log where entity = 'party_org' and entity_id = $1::text`, [c2Branch.code])).toEqual([]);

    const [c1Branch] = await t.db.query<{ code: string; name: string; area: string; members: number }>(
      `select o.code, o.name, a.code as area, o.members from party_org o join area a on a.id = o.area_id where o.kind = 'branch' and o.area_id = any($1::int[]) order by o.code limit 1`, [await subtree(C1)]);
    const ok = await api.post('/api/party-orgs', { orgs: [{ code: c1Branch.code, name: '新名字', kind: 'branch', area: c1Branch.area, members: c1Branch.members }] }, as.plannerC1);
    expect(ok.status).toBe(201);
    const [entry] = await t.db.query<{ before: any }>(`select before from audit_log where entity = 'party_org' and entity_id = $1::text order by id desc limit 1`, [c1Branch.code]);
    expect(entry.before.orgs[0]).toMatchObject({ code: c1Branch.code, name: c1Branch.name, area_code: c1Branch.area, kind: 'branch' });
  });

  it('a person registered with no role anywhere is rewritten only by a role held everywhere', async () => {
    await t.db.query(`insert into staff (region, id, name, phone) values ('330782101', 'NOROLE-1', '无岗人员', '13900000000')`);
    const res = await api.post('/api/staff', { staff: [{ id: 'NOROLE-1', name: '改名', roles: [{ role: 'volunteer', area: border.c1grid }] }] }, as.plannerC1);
    expect(res.status).toBe(403);
    expect((await t.db.query<{ name: string }>(`select name from staff where id = 'NOROLE-1'`))[0].name).toBe('无岗人员');
  });
});

describe('events outside one\'s area say nothing', () => {
  it('likely duplicates list only readable events; a colliding idempotency key reveals nothing', async () => {
    // Two points about 20 m apart on either side of the C1–C2 border.
    const [p] = await t.db.query<{ lon1: number; lat1: number; lon2: number; lat2: number }>(
      `with m as (select st_closestpoint(st_boundary(u.geom), st_centroid(c1.geom)) as m, u.geom as ug, c1.geom as cg
                    from area u, area c1 where u.code = $1::text and c1.code = $2::text),
            p as (select st_closestpoint(st_buffer(cg, -0.0001), m) as p1, st_closestpoint(st_buffer(ug, -0.0001), m) as p2 from m)
       select st_x(p1) as lon1, st_y(p1) as lat1, st_x(p2) as lon2, st_y(p2) as lat2 from p`,
      [border.unit, C1]);
    const inC2 = await (await api.post('/api/events', { category: 'environment', description: 'C2 垃圾', location: { lon: p.lon2, lat: p.lat2 } })).json();
    expect(inC2.grid_code.startsWith(C2)).toBe(true);
    const mine = await api.post('/api/events', { category: 'environment', description: 'C1 垃圾', location: { lon: p.lon1, lat: p.lat1 } }, as.dispatcherC1);
    const reported = await mine.json();
    expect(mine.status, JSON.stringify(reported)).toBe(201);
    expect(reported.likely_duplicates.map((d: { id: string }) => d.id)).not.toContain(inC2.id);
    // The administrator, who may read both, is told of it: the duplicate was there to be found.
    const full = await (await api.get(`/api/events/${reported.id}`)).json();
    expect(full.likely_duplicates.map((d: { id: string }) => d.id)).toContain(inC2.id);
    const again = await (await api.get(`/api/events/${reported.id}`, as.dispatcherC1)).json();
    expect(again.likely_duplicates.map((d: { id: string }) => d.id)).not.toContain(inC2.id);
    const listed = await (await api.get('/api/events?limit=5000', as.dispatcherC1)).text();
    expect(listed).not.toContain(inC2.id);

    const collide = await api.post('/api/events', { id: inC2.id, category: 'dispute', description: '撞号', location: { lon: p.lon1, lat: p.lat1 } }, as.dispatcherC1);
    const said = await collide.json();
    expect(collide.status).toBe(409);
    expect(JSON.stringify(said)).not.toMatch(/environment|reported/);
    expect(JSON.stringify(said)).not.toContain(inC2.reported_at.slice(0, 16));
  });
});
