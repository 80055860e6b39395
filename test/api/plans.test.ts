import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';

// A community of the demo town without deliberate defects (data/README.md lists them).
const COMMUNITY = '330782101003';

let t: TestDb;
let api: TestServer;
let pick: { unit: string; g1: string; g2: string; hlon: number; hlat: number; households: number };
// A corner inside the community: the 0.0008° square above and to the right of it lies within the
// community, as the cells a draft draws must lie within its root.
let free: { x: number; y: number };

beforeAll(async () => {
  t = await createTestDb('demo');
  api = await startTestServer(t.db);
  // A unit of grid g1 sharing a border with grid g2 of the same community, g1 keeping other units,
  // and a household inside that unit.
  [pick] = await t.db.query<typeof pick>(
    `select u.code as unit, g1.code as g1, g2.code as g2,
            (select st_x(h.geom) from household h where h.cell_id = u.id and h.assignment = 'assigned' order by h.id limit 1) as hlon,
            (select st_y(h.geom) from household h where h.cell_id = u.id and h.assignment = 'assigned' order by h.id limit 1) as hlat,
            (select count(*)::int from household h where h.cell_id = u.id) as households
       from area c
       join area g1 on g1.parent_id = c.id and g1.kind = 'base'
       join area u on u.parent_id = g1.id
       join area g2 on g2.parent_id = c.id and g2.id <> g1.id and g2.kind = 'base'
      where c.code = $1::text
        and st_length(st_collectionextract(st_intersection(st_boundary(u.geom), st_boundary(g2.geom)), 2)) > 0
        and (select count(*) from area k where k.parent_id = g1.id) > 3
        and exists (select 1 from household h where h.cell_id = u.id and h.assignment = 'assigned')
      order by u.code limit 1`,
    [COMMUNITY],
  );
  [free] = await t.db.query<typeof free>(
    `select round(st_x(p)::numeric - 0.0004, 5)::float8 as x, round(st_y(p)::numeric - 0.0004, 5)::float8 as y
       from area, st_pointonsurface(st_buffer(geom, -0.001)) as p where code = $1::text`,
    [COMMUNITY],
  );
}, 120_000);
afterAll(async () => {
  await api?.close();
  await t?.drop();
});

interface Plan { id: number; rev: number; root: string; status: string; can_undo: boolean; can_redo: boolean }
interface Feature { properties: { code: string; parent_code: string | null; state: string; locked: boolean; level: string }; geometry: { coordinates: number[][][][] } }

async function newPlan(root = COMMUNITY, headers: Record<string, string> = {}): Promise<Plan> {
  const res = await api.post('/api/plans', { root, name: 'test' }, headers);
  expect(res.status).toBe(201);
  const plan = await res.json();
  expect(res.headers.get('etag')).toBe(`"${plan.rev}"`);
  return plan;
}
/** The database's clock now, as an ISO instant to the microsecond (what `?at=` compares history rows with). */
const databaseNow = async () =>
  (await t.db.query<{ now: string }>(`select to_char(clock_timestamp() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as now`))[0].now;
const edit = (plan: Plan, body: unknown, rev = plan.rev) => api.post(`/api/plans/${plan.id}/edits`, body, { 'if-match': `"${rev}"` });
async function edited(plan: Plan, body: unknown) {
  const res = await edit(plan, body);
  const json = await res.json();
  expect(res.status, JSON.stringify(json)).toBe(200);
  plan.rev = json.plan.rev;
  return json;
}
const areasText = async (plan: Plan) => (await api.get(`/api/plans/${plan.id}/areas`)).text();
const cells = async (plan: Plan): Promise<Feature[]> => JSON.parse(await areasText(plan)).features;
async function step(plan: Plan, direction: 'undo' | 'redo') {
  const res = await api.post(`/api/plans/${plan.id}/${direction}`, {}, { 'if-match': `"${plan.rev}"` });
  const json = await res.json();
  expect(res.status, JSON.stringify(json)).toBe(200);
  plan.rev = json.plan.rev;
  return json;
}

describe('plans: drafts and their edits', () => {
  it('copies the published subtree into a draft, every cell unchanged', async () => {
    const plan = await newPlan();
    const [{ n }] = await t.db.query<{ n: number }>(`select count(*)::int as n from area where path like '%' || $1::text || '%'`, [COMMUNITY]);
    const features = await cells(plan);
    expect(features).toHaveLength(n);
    expect(new Set(features.map((f) => f.properties.state))).toEqual(new Set(['unchanged']));
    const got = await api.get(`/api/plans/${plan.id}`);
    expect(got.headers.get('etag')).toBe(`"${plan.rev}"`);
    expect(await got.json()).toMatchObject({ id: plan.id, root: COMMUNITY, status: 'draft', can_undo: false, can_redo: false });
    expect((await (await api.get(`/api/plans?root=${COMMUNITY}`)).json()).plans.map((p: Plan) => p.id)).toContain(plan.id);
  });

  it('paints a unit into the next grid: both outlines follow, tallies move; undo and redo are exact', async () => {
    const plan = await newPlan();
    const before = await areasText(plan);
    const checkBefore = (await (await api.get(`/api/plans/${plan.id}/check?codes=${pick.g1},${pick.g2}`)).json()).cells;
    const result = await edited(plan, { op: 'paint', unit_codes: [pick.unit], to: pick.g2 });
    expect(result.touched.sort()).toEqual([pick.g1, pick.g2, pick.unit].sort());
    const byCode = (list: { code: string; households: number }[], code: string) => list.find((c) => c.code === code)!;
    expect(byCode(result.check.cells, pick.g1).households).toBe(byCode(checkBefore, pick.g1).households - pick.households);
    expect(byCode(result.check.cells, pick.g2).households).toBe(byCode(checkBefore, pick.g2).households + pick.households);
    expect(byCode(result.check.cells, pick.g1)).toMatchObject({ band: { min: 200, max: 400 }, level: 'grid' });
    // The grids' outlines are the unions of their units: no coverage problem is born.
    expect(result.check.problems.features).toEqual([]);
    const after = await areasText(plan);
    const unit = JSON.parse(after).features.find((f: Feature) => f.properties.code === pick.unit);
    expect(unit.properties).toMatchObject({ parent_code: pick.g2, state: 'changed' });
    expect(result.plan).toMatchObject({ can_undo: true, can_redo: false });

    const undone = await step(plan, 'undo');
    expect(undone.plan).toMatchObject({ can_undo: false, can_redo: true });
    expect(await areasText(plan)).toBe(before);
    await step(plan, 'redo');
    expect(await areasText(plan)).toBe(after);
  });

  it('splits a grid along a line in whole units; the two grids are the unions of their units; undo is exact', async () => {
    const plan = await newPlan();
    const before = await areasText(plan);
    const [box] = await t.db.query<{ x: number; s: number; n: number }>(
      `select (st_xmin(geom) + st_xmax(geom)) / 2 as x, st_ymin(geom) - 0.001 as s, st_ymax(geom) + 0.001 as n from area where code = $1::text`, [pick.g1]);
    const result = await edited(plan, { op: 'split', code: pick.g1, line: { type: 'LineString', coordinates: [[box.x, box.s], [box.x, box.n]] } });
    const fresh = result.touched.find((c: string) => c.startsWith(COMMUNITY) && c.length === pick.g1.length && c !== pick.g1 && c !== pick.g2);
    expect(fresh).toBeDefined();
    const features = await cells(plan);
    const kidsOf = (code: string) => features.filter((f) => f.properties.parent_code === code);
    expect(kidsOf(pick.g1).length).toBeGreaterThan(0);
    expect(kidsOf(fresh).length).toBeGreaterThan(0);
    expect(features.find((f) => f.properties.code === fresh)!.properties.state).toBe('new');
    // Tallies of the two halves add up to the grid's, and nothing overlaps or leaves a gap.
    const [{ n }] = await t.db.query<{ n: number }>(`select count(*)::int as n from household h join area u on u.id = h.cell_id join area g on g.id = u.parent_id where g.code = $1::text`, [pick.g1]);
    const halves = result.check.cells.filter((c: { code: string }) => c.code === pick.g1 || c.code === fresh);
    expect(halves.reduce((s: number, c: { households: number }) => s + c.households, 0)).toBe(n);
    expect(result.check.problems.features.filter((p: { properties: { kind: string } }) => ['gap', 'overlap', 'sliver', 'spill'].includes(p.properties.kind))).toEqual([]);
    await step(plan, 'undo');
    expect(await areasText(plan)).toBe(before);
  });

  it('undoes a run of every kind of edit back to the copy, byte for byte, and redoes it to the same end', async () => {
    const plan = await newPlan();
    const start = await areasText(plan);
    const [box] = await t.db.query<{ x: number; s: number; n: number }>(
      `select (st_xmin(geom) + st_xmax(geom)) / 2 as x, st_ymin(geom) - 0.001 as s, st_ymax(geom) + 0.001 as n from area where code = $1::text`, [pick.g2]);
    const [u] = await t.db.query<{ geojson: string }>(`select st_asgeojson(st_buffer(geom, -0.00002), 9) as geojson from area where code = $1::text`, [pick.unit]);
    const ops = [
      { op: 'paint', unit_codes: [pick.unit], to: pick.g2 },
      { op: 'lock', code: pick.g1 },
      { op: 'unlock', code: pick.g1 },
      { op: 'reshape', code: pick.unit, geometry: JSON.parse(u.geojson) },
      { op: 'split', code: pick.g2, line: { type: 'LineString', coordinates: [[box.x, box.s], [box.x, box.n]] } },
      { op: 'create', parent_code: COMMUNITY, level: 'grid', name: 'drawn', geometry: { type: 'Polygon', coordinates: [[[free.x, free.y], [free.x + 0.0004, free.y], [free.x + 0.0004, free.y + 0.0004], [free.x, free.y + 0.0004], [free.x, free.y]]] }, snap_m: 0 },
    ];
    const states = [start];
    let split: string[] = [];
    for (const op of ops) {
      const r = await edited(plan, op);
      if (op.op === 'split') split = r.touched;
      states.push(await areasText(plan));
    }
    // The split's two halves share the line: merge them back.
    const half = split.find((c) => c.length === pick.g2.length && c !== pick.g2 && c.startsWith(COMMUNITY) && !JSON.parse(start).features.some((f: Feature) => f.properties.code === c));
    await edited(plan, { op: 'merge', codes: [pick.g2, half] });
    states.push(await areasText(plan));
    const created = JSON.parse(states[7]).features.find((f: Feature) => f.properties.parent_code === COMMUNITY && f.properties.state === 'new' && f.geometry.coordinates[0][0][0][0] === free.x);
    await edited(plan, { op: 'delete', code: created.properties.code });
    states.push(await areasText(plan));
    for (let i = states.length - 2; i >= 0; i--) {
      await step(plan, 'undo');
      expect(await areasText(plan), `after undoing edit ${i + 1}`).toBe(states[i]);
    }
    const none = await api.post(`/api/plans/${plan.id}/undo`, {}, { 'if-match': `"${plan.rev}"` });
    expect(none.status).toBe(409);
    for (let i = 1; i < states.length; i++) {
      await step(plan, 'redo');
      expect(await areasText(plan), `after redoing edit ${i}`).toBe(states[i]);
    }
  });

  it('refuses a line that leaves every unit on one side', async () => {
    const plan = await newPlan();
    const res = await edit(plan, { op: 'split', code: pick.g1, line: { type: 'LineString', coordinates: [[100, 10], [100.001, 10.001]] } });
    expect(res.status).toBe(400);
    expect((await res.json()).problems[0]).toMatchObject({ field: 'line', code: pick.g1 });
  });

  it('reshapes a unit drawn a few decimetres off its neighbours: snapping gives back the shared edges, no sliver', async () => {
    const plan = await newPlan();
    const [u] = await t.db.query<{ geojson: string }>(`select st_asgeojson(geom, 12) as geojson from area where code = $1::text`, [pick.unit]);
    const geometry = JSON.parse(u.geojson);
    // Every vertex moved by up to ~0.3 m (a hand on a mouse), the ring kept closed; fixed pattern.
    let k = 0;
    geometry.coordinates = geometry.coordinates.map((poly: number[][][]) => poly.map((ring) => {
      const moved = ring.map(([x, y]) => [x + ((k++ % 5) - 2) * 1.2e-6, y + ((k % 3) - 1) * 1.5e-6]);
      moved[moved.length - 1] = moved[0];
      return moved;
    }));
    const result = await edited(plan, { op: 'reshape', code: pick.unit, geometry, snap_m: 1 });
    expect(result.check.problems.features).toEqual([]);
    // The whole community checked the way GET /api/coverage checks it: still nothing.
    const full = await (await api.get(`/api/plans/${plan.id}/check?codes=${[pick.unit, pick.g1].join(',')}`)).json();
    expect(full.problems.features).toEqual([]);
    const [same] = await t.db.query<{ eq: boolean }>(
      `select st_equals(pa.geom, a.geom) as eq from plan_area pa join area a on a.code = pa.code where pa.plan_id = $1::int and pa.code = $2::text`, [plan.id, pick.unit]);
    expect(same.eq).toBe(true);
  });

  it('reports the overlap a reshape creates when the new outline truly crosses a neighbour', async () => {
    const plan = await newPlan();
    const [u] = await t.db.query<{ geojson: string }>(
      `select st_asgeojson(st_buffer(geom, 0.0002, 'join=mitre'), 9) as geojson from area where code = $1::text`, [pick.unit]);
    const result = await edited(plan, { op: 'reshape', code: pick.unit, geometry: JSON.parse(u.geojson) });
    const kinds = result.check.problems.features.map((p: { properties: { kind: string } }) => p.properties.kind);
    expect(kinds).toContain('overlap');
    // For colouring a whole draft the page asks for tallies only: the same cells, no coverage check.
    const codes = [pick.unit, pick.g1].join(',');
    const withProblems = await (await api.get(`/api/plans/${plan.id}/check?codes=${codes}`)).json();
    const talliesOnly = await (await api.get(`/api/plans/${plan.id}/check?codes=${codes}&problems=false`)).json();
    expect(withProblems.problems.features.length).toBeGreaterThan(0);
    expect(talliesOnly.problems.features).toEqual([]);
    expect(talliesOnly.cells).toEqual(withProblems.cells);
    expect((await api.get(`/api/plans/${plan.id}/check?problems=no`)).status).toBe(400);
  });

  it('merges grids that share a border, and refuses cells touching only at a corner', async () => {
    const plan = await newPlan();
    const merged = await edited(plan, { op: 'merge', codes: [pick.g1, pick.g2] });
    const g2Units = (await t.db.query<{ code: string }>(`select u.code from area u join area g on g.id = u.parent_id where g.code = $1::text`, [pick.g2])).map((r) => r.code);
    expect(merged.touched.sort()).toEqual([pick.g1, pick.g2, ...g2Units].sort());
    const features = await cells(plan);
    expect(features.find((f) => f.properties.code === pick.g2)).toBeUndefined();
    expect(g2Units.every((u) => features.find((f) => f.properties.code === u)!.properties.parent_code === pick.g1)).toBe(true);

    // Two squares drawn by the planner that meet at one corner only, and a third beside the first.
    const sq = (x: number, y: number) => ({ type: 'Polygon', coordinates: [[[x, y], [x + 0.0004, y], [x + 0.0004, y + 0.0004], [x, y + 0.0004], [x, y]]] });
    const at = { level: 'grid', parent_code: COMMUNITY, snap_m: 0 };
    const a = (await edited(plan, { op: 'create', ...at, name: 'A', geometry: sq(free.x, free.y) })).touched[0];
    const b = (await edited(plan, { op: 'create', ...at, name: 'B', geometry: sq(free.x + 0.0004, free.y + 0.0004) })).touched[0];
    const c = (await edited(plan, { op: 'create', ...at, name: 'C', geometry: sq(free.x + 0.0004, free.y) })).touched[0];
    const corner = await edit(plan, { op: 'merge', codes: [a, b] });
    expect(corner.status).toBe(400);
    expect((await corner.json()).problems[0]).toMatchObject({ field: 'codes', code: b });
    await edited(plan, { op: 'merge', codes: [a, c] });
    // B now shares A∪C's border (C's top edge): it may join.
    await edited(plan, { op: 'merge', codes: [a, b] });
  });

  it('locks a cell: any edit that would change it is a 409 naming it, until unlocked', async () => {
    const plan = await newPlan();
    await edited(plan, { op: 'lock', code: pick.g2 });
    const res = await edit(plan, { op: 'paint', unit_codes: [pick.unit], to: pick.g2 });
    expect(res.status).toBe(409);
    expect((await res.json()).message).toContain(pick.g2);
    expect((await cells(plan)).find((f) => f.properties.code === pick.g2)!.properties.locked).toBe(true);
    await edited(plan, { op: 'unlock', code: pick.g2 });
    await edited(plan, { op: 'paint', unit_codes: [pick.unit], to: pick.g2 });
  });

  it('renames a cell, shows it as changed, undoes it exactly, and refuses an empty name or a locked cell', async () => {
    const plan = await newPlan();
    const before = await areasText(plan);
    const nameOf = async (code: string) => (await cells(plan)).find((f) => f.properties.code === code)!.properties as unknown as { name: string; state: string };
    const result = await edited(plan, { op: 'rename', code: pick.g1, name: '  新桥网格  ' });
    expect(result.touched).toEqual([pick.g1]);
    expect(await nameOf(pick.g1)).toMatchObject({ name: '新桥网格', state: 'changed' });
    const empty = await edit(plan, { op: 'rename', code: pick.g1, name: '   ' });
    expect(empty.status).toBe(400);
    expect((await empty.json()).problems[0].field).toBe('name');
    await step(plan, 'undo');
    expect(await areasText(plan)).toBe(before);
    await edited(plan, { op: 'lock', code: pick.g1 });
    const locked = await edit(plan, { op: 'rename', code: pick.g1, name: '别名' });
    expect(locked.status).toBe(409);
    expect((await locked.json()).message).toContain(pick.g1);
  });

  it('refuses a stale revision (409) and an edit without If-Match (400)', async () => {
    const plan = await newPlan();
    const stale = plan.rev;
    await edited(plan, { op: 'lock', code: pick.g1 });
    const res = await edit(plan, { op: 'unlock', code: pick.g1 }, stale);
    expect(res.status).toBe(409);
    const { message } = await res.json();
    expect(message).toContain(`revision ${plan.rev}`);
    // It names who moved the plan on, and with what, so the planners can talk.
    expect(message).toMatch(new RegExp(`test-admin-all made its latest edit \\(lock\\) at \\d{4}-\\d\\d-\\d\\dT`));
    const none = await api.post(`/api/plans/${plan.id}/edits`, { op: 'unlock', code: pick.g1 });
    expect(none.status).toBe(400);
    expect((await none.json()).problems[0].field).toBe('If-Match');
  });

  it('names the field of bad input', async () => {
    const plan = await newPlan();
    const cases: [unknown, string][] = [
      [{ op: 'paint', unit_codes: [], to: pick.g2 }, 'unit_codes'],
      [{ op: 'paint', unit_codes: ['nope'], to: pick.g2 }, 'unit_codes'],
      [{ op: 'reshape', code: pick.unit, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 1]]] } }, 'geometry.coordinates.0'],
      [{ op: 'reshape', code: pick.unit, geometry: { type: 'Polygon', coordinates: [[[120, 29], [120.01, 29.01], [120.01, 29], [120, 29.01], [120, 29]]] } }, 'geometry'],
      [{ op: 'delete', code: pick.g1 }, 'code'],
      [{ op: 'explode', code: pick.g1 }, 'op'],
      [{ op: 'merge', codes: [pick.g1, pick.unit] }, 'codes'],
    ];
    for (const [body, field] of cases) {
      const res = await edit(plan, body);
      const json = await res.json();
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(json.problems.map((p: { field: string }) => p.field), JSON.stringify(json)).toContain(field);
    }
  });
});

describe('plans: diff, publish, versions and history', () => {
  it('never shows a draft in the published areas, tiles or locate; publishing changes all three', async () => {
    const tileOf = (lon: number, lat: number, z = 15) => {
      const n = 2 ** z;
      const x = Math.floor(((lon + 180) / 360) * n);
      const r = (lat * Math.PI) / 180;
      const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
      return `/tiles/units/${z}/${x}/${y}.mvt`;
    };
    const observe = async () => ({
      areas: await (await api.get(`/api/areas?parent=${pick.g2}`)).text(),
      tile: Buffer.from(await (await api.get(tileOf(pick.hlon, pick.hlat))).arrayBuffer()).toString('hex'),
      chain: (await (await api.get(`/api/locate?lon=${pick.hlon}&lat=${pick.hlat}`)).json()).chain.map((c: { code: string }) => c.code),
    });
    const published = await observe();
    expect(published.chain).toContain(pick.g1);

    // An open event inside the unit, and a second draft over the same community.
    const ev = await api.post('/api/events', { id: 'plan-ev-1', category: 'environment', severity: 'medium', description: '河道垃圾', location: { type: 'Point', coordinates: [pick.hlon, pick.hlat] }, source: 'patrol' });
    expect(ev.status).toBe(201);
    const plan = await newPlan();
    const rival = await newPlan();
    await edited(plan, { op: 'paint', unit_codes: [pick.unit], to: pick.g2 });
    await edited(plan, { op: 'rename', code: pick.g2, name: '扩展后的网格' });
    expect(await observe()).toEqual(published);

    const diff = await (await api.get(`/api/plans/${plan.id}/diff`)).json();
    expect(diff.moves.households).toEqual([{ from: pick.g1, to: pick.g2, count: pick.households }]);
    expect(diff.moves.events).toEqual([{ id: 'plan-ev-1', from: pick.g1, to: pick.g2 }]);
    expect(diff.totals).toMatchObject({ households: pick.households, events: 1 });
    expect(diff.changed.features.map((f: Feature) => f.properties.code).sort()).toEqual([pick.g1, pick.g2, pick.unit].sort());
    expect(JSON.stringify(diff)).not.toMatch(/head_name|phone/);

    // The database's own clock (microseconds): every write after this instant is stamped later, no waiting needed.
    const beforePublish = await databaseNow();
    const pub = await api.post(`/api/plans/${plan.id}/publish`, { reason: '调整网格规模' }, { 'if-match': `"${plan.rev}"` });
    const published2 = await pub.json();
    expect(pub.status, JSON.stringify(published2)).toBe(200);
    expect(published2.version).toMatchObject({ plan_id: plan.id, reason: '调整网格规模', root: COMMUNITY });
    expect(published2.moved).toMatchObject({ households: pick.households, events: 1 });

    const now = await observe();
    expect(now.areas).not.toBe(published.areas);
    expect(JSON.parse(now.areas).features.map((f: Feature) => f.properties.code)).toContain(pick.unit);
    expect(now.tile).not.toBe(published.tile);
    expect(now.chain).toContain(pick.g2);
    expect(now.chain).not.toContain(pick.g1);
    const [event] = await t.db.query<{ grid: string }>(`select g.code as grid from event e join area g on g.id = e.grid_id where e.id = 'plan-ev-1'`);
    expect(event.grid).toBe(pick.g2);
    expect(await t.db.query(`select name from area where code = $1::text`, [pick.g2])).toEqual([{ name: '扩展后的网格' }]);

    // The tree as it stood before and after.
    const at = async (when: string) => JSON.parse(await (await api.get(`/api/areas?parent=${pick.g2}&at=${encodeURIComponent(when)}`)).text()).features.map((f: Feature) => f.properties.code);
    expect(await at(beforePublish)).not.toContain(pick.unit);
    expect(await at(published2.version.published_at)).toContain(pick.unit);
    expect(await at('2000-01-01')).toEqual([]);
    const versions = (await (await api.get('/api/versions')).json()).versions;
    expect(versions[0]).toMatchObject({ id: published2.version.id, plan_id: plan.id });
    const asPublished = JSON.parse(await (await api.get(`/api/versions/${published2.version.id}/areas?level=unit`)).text()).features;
    expect(asPublished.find((f: Feature) => f.properties.code === pick.unit).properties.parent_code).toBe(pick.g2);

    // Audit: one entry per area written and one for the plan.
    const audit = await (await api.get('/api/audit?what=plan.publish')).json();
    const ids = audit.map((e: { entity_id: string }) => e.entity_id);
    expect(ids).toEqual(expect.arrayContaining([pick.unit, pick.g1, pick.g2, String(plan.id)]));

    // The other draft was made on the old tree: its publish is refused.
    await edited(rival, { op: 'lock', code: pick.g1 });
    const clash = await api.post(`/api/plans/${rival.id}/publish`, { reason: 'x' }, { 'if-match': `"${rival.rev}"` });
    expect(clash.status).toBe(409);
    expect((await clash.json()).message).toContain('changed since');
    // A published plan takes no more edits.
    expect((await edit(plan, { op: 'lock', code: pick.g1 }, (await (await api.get(`/api/plans/${plan.id}`)).json()).rev)).status).toBe(409);
  });

  it('re-assigns the households of a unit merged into its neighbour when it publishes', async () => {
    const [m] = await t.db.query<{ u: string; v: string; n: number }>(
      `select u.code as u, v.code as v, (select count(*)::int from household x where x.cell_id = v.id) as n
         from area g join area u on u.parent_id = g.id join area v on v.parent_id = g.id and v.id <> u.id
        where g.parent_id = (select id from area where code = '330782101006')
          and st_length(st_collectionextract(st_intersection(st_boundary(u.geom), st_boundary(v.geom)), 2)) > 0
          and exists (select 1 from household x where x.cell_id = v.id)
        order by u.code, v.code limit 1`,
    );
    const plan = await newPlan('330782101006');
    const r = await edited(plan, { op: 'merge', codes: [m.u, m.v] });
    expect(r.check.problems.features.filter((p: { properties: { kind: string } }) => ['gap', 'overlap', 'sliver'].includes(p.properties.kind))).toEqual([]);
    const diff = await (await api.get(`/api/plans/${plan.id}/diff`)).json();
    expect(diff.moves.households).toEqual([{ from: m.v, to: m.u, count: m.n }]);
    const pub = await api.post(`/api/plans/${plan.id}/publish`, { reason: '单元合并' }, { 'if-match': `"${plan.rev}"` });
    const body = await pub.json();
    expect(pub.status, JSON.stringify(body)).toBe(200);
    expect(body.moved.households).toBe(m.n);
    expect(body.reassigned).toBeGreaterThanOrEqual(m.n);
    const [after] = await t.db.query<{ inu: number; gone: number }>(
      `select (select count(*)::int from household x join area a on a.id = x.cell_id where a.code = $1::text) as inu,
              (select count(*)::int from area where code = $2::text) as gone`, [m.u, m.v]);
    expect(after.gone).toBe(0);
    expect(after.inu).toBeGreaterThanOrEqual(m.n);
    expect((await (await api.get(`/api/areas/${m.v}`)).status)).toBe(404);
  });

  it('moves staff of a merged-away grid to the survivor', async () => {
    const [g] = await t.db.query<{ a: string; b: string; staff: number }>(
      `select a.code as a, b.code as b, (select count(*)::int from staff_assignment s where s.area_id = b.id) as staff
         from area a join area b on b.parent_id = a.parent_id and b.id > a.id
        where a.parent_id = (select id from area where code = '330782101005') and a.kind = 'base' and b.kind = 'base'
          and st_length(st_collectionextract(st_intersection(st_boundary(a.geom), st_boundary(b.geom)), 2)) > 0
          and exists (select 1 from staff_assignment s where s.area_id = b.id)
        order by a.code, b.code limit 1`,
    );
    const res = await api.post('/api/plans', { root: '330782101005' });
    const plan: Plan = await res.json();
    await edited(plan, { op: 'merge', codes: [g.a, g.b] });
    const diff = await (await api.get(`/api/plans/${plan.id}/diff`)).json();
    expect(diff.moves.staff).toHaveLength(g.staff);
    expect(diff.moves.staff.every((s: { from: string; to: string }) => s.from === g.b && s.to === g.a)).toBe(true);
    expect(diff.changed.features.find((f: Feature) => f.properties.code === g.b).properties.state).toBe('deleted');
  });
});

describe('plans: proposals, import and export', () => {
  it('opens a sizing proposal as a draft whose grids are the proposal\'s', async () => {
    const prop = await api.post('/api/sizing/proposals', { root: '330782101007', kind: 'rebalance' });
    expect(prop.status).toBe(201);
    const proposal = await prop.json();
    const res = await api.post('/api/plans', { root: '330782101007', proposal_id: proposal.id });
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({ proposal_id: proposal.id, can_undo: true });
    const features = await cells(body);
    for (const a of proposal.assignments) {
      expect(features.find((f) => f.properties.code === a.unit_code)!.properties.parent_code).toBe(a.to_grid);
    }
  });

  it('exports the assignment table as CSV and imports it back; bad rows are each named', async () => {
    const plan = await newPlan();
    // Earlier tests may have published the unit into g2: paint it into whichever grid it is not in.
    const [{ parent }] = await t.db.query<{ parent: string }>(`select p.code as parent from area u join area p on p.id = u.parent_id where u.code = $1::text`, [pick.unit]);
    await edited(plan, { op: 'paint', unit_codes: [pick.unit], to: parent === pick.g1 ? pick.g2 : pick.g1 });
    const raw = new Uint8Array(await (await api.get(`/api/plans/${plan.id}/export?format=csv`)).arrayBuffer());
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a BOM, so spreadsheets read UTF-8
    const csv = new TextDecoder().decode(raw);
    expect(csv.split('\r\n')[0]).toBe('unit_code,unit_name,grid_code,grid_name');
    expect(csv).toContain(`${pick.unit},`);
    const geo = JSON.parse(await (await api.get(`/api/plans/${plan.id}/export?format=geojson`)).text());
    expect(geo.features.length).toBeGreaterThan(10);

    const imported = await api.request(`/api/plans/import?root=${COMMUNITY}&name=imported`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
    const p2 = await imported.json();
    expect(imported.status, JSON.stringify(p2)).toBe(201);
    expect(await (await api.get(`/api/plans/${p2.id}/export?format=csv`)).text()).toBe(csv);

    const bad = `unit_code,grid_code\n${pick.unit},NOPE\nGHOST,${pick.g1}\n${pick.unit},${pick.g1}\n${pick.g1},${pick.g2}\n`;
    const refused = await api.request(`/api/plans/import?root=${COMMUNITY}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: bad });
    expect(refused.status).toBe(400);
    const problems = (await refused.json()).problems;
    expect(problems.map((p: { index: number; field: string }) => `${p.index}:${p.field}`)).toEqual(['0:grid_code', '1:unit_code', '2:unit_code', '3:unit_code']);
    const [{ n }] = await t.db.query<{ n: number }>(`select count(*)::int as n from plan where name = 'imported' or root_code = 'x'`);
    expect(n).toBe(1);
  });
});

describe('plans: who may', () => {
  it('answers planners outside the root as for no plan (404), refuses viewers (403), and publishing without plans.publish', async () => {
    const plan = await newPlan();
    const outsider = await api.userWith('planner', '330782101001');
    const viewer = await api.userWith('viewer', COMMUNITY);
    const local = await api.userWith('planner', COMMUNITY);
    for (const [who, status] of [[outsider, 404], [viewer, 403]] as const) {
      const h = { authorization: who.authorization };
      expect((await api.get(`/api/plans/${plan.id}`, h)).status).toBe(status);
      expect((await api.post('/api/plans', { root: COMMUNITY }, h)).status).toBe(403);
      expect((await api.post(`/api/plans/${plan.id}/edits`, { op: 'lock', code: pick.g1 }, { ...h, 'if-match': `"${plan.rev}"` })).status).toBe(status);
    }
    expect((await fetch(`${api.url}/api/plans/${plan.id}`)).status).toBe(401);
    expect((await api.get(`/api/plans/${plan.id}`, { authorization: local.authorization })).status).toBe(200);
    const pub = await api.post(`/api/plans/${plan.id}/publish`, { reason: 'x' }, { authorization: local.authorization, 'if-match': `"${plan.rev}"` });
    expect(pub.status).toBe(403);
    const publisher = await api.userWith('planner', COMMUNITY, { canPublish: true });
    const stale = await api.post(`/api/plans/${plan.id}/publish`, { reason: 'x' }, { authorization: publisher.authorization, 'if-match': `"${plan.rev + 5}"` });
    expect(stale.status).toBe(409);
  });
});

describe('area history', () => {
  it('records every change to areas, imports included, so ?at= answers as the tree stood', async () => {
    const square = { type: 'Polygon', coordinates: [[[121.5, 30.5], [121.501, 30.5], [121.501, 30.501], [121.5, 30.501], [121.5, 30.5]]] };
    const put = (name: string) => api.post('/api/areas/import?mode=upsert', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: 'HIST-1', name, level: 'town' }, geometry: square }] });
    const names = async (at: string) =>
      JSON.parse(await (await api.get(`/api/areas?level=town&at=${encodeURIComponent(at)}`)).text()).features.filter((f: Feature) => f.properties.code === 'HIST-1').map((f: { properties: { name: string } }) => f.properties.name);
    const before = await databaseNow();
    expect((await put('甲')).status).toBe(201);
    const between = await databaseNow();
    expect((await put('乙')).status).toBe(201);
    expect(await names(before)).toEqual([]);
    expect(await names(between)).toEqual(['甲']);
    expect(await names(await databaseNow())).toEqual(['乙']);
  });
});
