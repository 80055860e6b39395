import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import gcoord from 'gcoord';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';
import { createSquareTown } from '../fixtures/create_square_town.ts';
import { reassignAfterChange } from '../../server/services/reassign_after_change.ts';
import { emitAreasChanged } from '../../server/services/area_changes.ts';
import { assignPendingPoints } from '../../server/db/queries/assign_pending_points.ts';

let t: TestDb;
let server: TestServer;
beforeAll(async () => {
  t = await createTestDb('empty');
  server = await startTestServer(t.db);
  // The square town: T (0.02° square at 120°E 30°N) → T01, T02 → grids T0101 (SW), T0102 (NW), T0201 (SE), T0202 (NE).
  expect((await server.post('/api/areas/import', createSquareTown())).status).toBe(201);
});
afterAll(async () => {
  await server?.close();
  await t?.drop();
});

const postCsv = (path: string, csv: string) => server.post(path, csv, { 'content-type': 'text/csv' });
const count = async (table: string) => (await t.db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n;

describe('POST /api/households/import', () => {
  it('imports CSV, assigns each household to its deepest cell, and flags orphans and points near an edge', async () => {
    const csv = [
      'id,lon,lat,address,people,floating,flags,head_name,phone',
      'H1,120.005,30.005,西1号,3,0,elderly_alone,王伟,13800000001', // T0101, far from edges
      'H2,120.015,30.015,东1号,2,2,,李娜,13800000002', // T0202
      'H3,120.03,30.005,镇外1号,1,0,,张强,13800000003', // outside the town
      'H4,120.005,30.00998,西2号,4,1,disabled;low_income,刘洋,13800000004', // 2.2 m south of the T0101|T0102 edge
      'H5,120.01,30.005,界上1号,1,0,,陈静,13800000005', // exactly on the T0101|T0201 edge
    ].join('\n');
    const res = await postCsv('/api/households/import', csv);
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({ region: 'T', written: 5, counts: { assigned: 2, orphan: 1, near_edge: 1, ambiguous: 1 }, skipped: [] });
    const rows = await t.db.query<{ id: string; code: string | null; assignment: string }>(
      `select h.id, a.code, h.assignment from household h left join area a on a.id = h.cell_id order by h.id`,
    );
    expect(rows).toEqual([
      { id: 'H1', code: 'T0101', assignment: 'assigned' },
      { id: 'H2', code: 'T0202', assignment: 'assigned' },
      { id: 'H3', code: null, assignment: 'orphan' },
      { id: 'H4', code: 'T0101', assignment: 'near_edge' },
      { id: 'H5', code: 'T0101', assignment: 'ambiguous' },
    ]);
  });

  it('lists households without the head\'s name or phone, with the cells an ambiguous one lies in', async () => {
    // A planner reads the register but not its personal fields (households.personal).
    const { authorization } = await server.userWith('planner', null);
    const res = await server.get('/api/households?limit=10', { authorization });
    const { households } = await res.json();
    expect(households).toHaveLength(5);
    for (const h of households) {
      expect(Object.keys(h).sort()).toEqual(['address', 'assignment', 'candidates', 'cell', 'flags', 'floating', 'id', 'people', 'region']);
    }
    expect(JSON.stringify(households)).not.toMatch(/王伟|1380000/);
    expect(households.find((h: any) => h.id === 'H5')).toMatchObject({ cell: 'T0101', assignment: 'ambiguous', candidates: ['T0101', 'T0201'] });
    const orphans = await (await server.get('/api/households?assignment=orphan')).json();
    expect(orphans.households.map((h: any) => h.id)).toEqual(['H3']);
  });

  it('updates on re-import of the same ids instead of duplicating, and re-assigns a moved household', async () => {
    const res = await postCsv('/api/households/import', 'id,lon,lat,people\nH1,120.015,30.005,5\n');
    expect(res.status).toBe(201);
    expect(await count('household')).toBe(5);
    const [h1] = await t.db.query<{ people: number; code: string }>(`select h.people, a.code from household h join area a on a.id = h.cell_id where h.id = 'H1'`);
    expect(h1).toEqual({ people: 5, code: 'T0201' });
  });

  it('takes GeoJSON in GCJ-02 and stores WGS84', async () => {
    const [x, y] = gcoord.transform([120.012, 30.012], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'G1', people: 2 }, geometry: { type: 'Point', coordinates: [x, y] } }] };
    const res = await server.post('/api/households/import?crs=gcj02', fc);
    expect(res.status).toBe(201);
    const [g] = await t.db.query<{ lon: number; lat: number; code: string }>(`select st_x(h.geom) as lon, st_y(h.geom) as lat, a.code from household h join area a on a.id = h.cell_id where h.id = 'G1'`);
    expect(g.lon).toBeCloseTo(120.012, 5);
    expect(g.lat).toBeCloseTo(30.012, 5);
    expect(g.code).toBe('T0202');
  });

  it('refuses a file with bad rows whole, listing each row and reason; nothing is written', async () => {
    const before = await count('household');
    const csv = 'id,lon,lat\nB1,120.001,30.001\nB2,,30.001\nB3,abc,30.001\nB4,120.001,95\n';
    const res = await postCsv('/api/households/import', csv);
    const body = await res.json();
    expect(res.status).toBe(400);
    expect(body.message).toMatch(/^Household import refused: row 3: no lon coordinate, and 2 more bad row\(s\)\. Nothing was written/);
    expect(body.problems.map((p: any) => [p.row, p.field, p.problem])).toEqual([
      [3, 'lon', 'no lon coordinate'],
      [4, 'lon', 'lon "abc" is not a number'],
      [5, 'lat', 'lat 95 is out of range -90…90'],
    ]);
    expect(await count('household')).toBe(before);
  });

  it('takes the good rows and returns the bad with on_error=skip', async () => {
    const res = await postCsv('/api/households/import?on_error=skip', 'id,lon,lat\nS1,120.001,30.001\nS2,x,30.001\n');
    const body = await res.json();
    expect(res.status).toBe(201);
    expect(body.written).toBe(1);
    expect(body.skipped).toMatchObject([{ row: 3, field: 'lon' }]);
  });

  const refusals: { name: string; path: string; csv: string; problem: RegExp }[] = [
    { name: 'an unknown coordinate system', path: '/api/households/import?crs=utm50', csv: 'id,lon,lat\nX,1,2\n', problem: /unknown coordinate system "utm50"/ },
    { name: 'a CSV with the wrong columns', path: '/api/households/import', csv: 'code,x,y\nX,1,2\n', problem: /the CSV has no column "id", "lon", "lat"/ },
    { name: 'an unknown region', path: '/api/households/import?region=NOPE', csv: 'id,lon,lat\nX,120,30\n', problem: /no area tree has region "NOPE"/ },
    { name: 'an empty file', path: '/api/households/import', csv: 'id,lon,lat\n', problem: /no good rows/ },
  ];
  for (const r of refusals) {
    it(`refuses ${r.name} with a 400`, async () => {
      const res = await postCsv(r.path, r.csv);
      expect(res.status).toBe(400);
      expect((await res.json()).message).toMatch(r.problem);
    });
  }
});

describe('assignPendingPoints', () => {
  it('assigns the rows other operations marked pending, as the import did', async () => {
    const before = await t.db.query(`select id, cell_id, assignment from household order by id`);
    await t.db.exec(`update household set assignment = 'pending', cell_id = null`);
    const r = await t.db.transaction((tx) => assignPendingPoints(tx, 'household'));
    expect(r).toEqual({ assigned: before.length - 1, orphans: 1 });
    expect(await t.db.query(`select id, cell_id, assignment from household order by id`)).toEqual(before);
  });

  it('refuses a JSON body that is not a FeatureCollection, and a per-import near-edge distance out of range', async () => {
    const res = await server.post('/api/households/import', { type: 'Feature', geometry: null });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/expected a GeoJSON FeatureCollection of Points/);
    expect((await postCsv('/api/households/import?near_edge_m=-1', 'id,lon,lat\nX,120,30\n')).status).toBe(400);
  });

  it('flags more households near an edge with a wider near_edge_m', async () => {
    const res = await postCsv('/api/households/import?near_edge_m=200', 'id,lon,lat\nW1,120.005,30.0085\n');
    expect((await res.json()).counts).toEqual({ assigned: 0, orphan: 0, ambiguous: 0, near_edge: 1 });
    await postCsv('/api/households/import', 'id,lon,lat\nW1,120.005,30.0085\n');
    const [w] = await t.db.query<{ assignment: string }>(`select assignment from household where id = 'W1'`);
    expect(w.assignment).toBe('assigned');
  });
});

describe('facilities and area registers', () => {
  it('imports facilities and lists what a cell holds, with the counts of its card', async () => {
    const csv = 'id,lon,lat,name,category\nF1,120.004,30.004,西村幼儿园,kindergarten\nF2,120.006,30.006,西村卫生室,clinic\nF3,120.016,30.016,东社区居委会,committee\n';
    expect((await postCsv('/api/facilities/import', csv)).status).toBe(201);
    const list = await (await server.get('/api/areas/T01/facilities')).json();
    expect(list.facilities.map((f: any) => [f.id, f.cell])).toEqual([['F1', 'T0101'], ['F2', 'T0101']]);
    const hh = await (await server.get('/api/areas/T0101/households')).json();
    expect(hh.households.map((h: any) => h.id).sort()).toEqual(['H4', 'H5', 'S1', 'W1']);
    const summary = await (await server.get('/api/areas/T01/summary')).json();
    expect(summary).toMatchObject({ code: 'T01', households: 4, people: 7, floating: 1, flags: { disabled: 1, low_income: 1 }, facilities: { kindergarten: 1, clinic: 1 } });
    expect((await server.get('/api/areas/NOPE/summary')).status).toBe(404);
  });
});

describe('reassignAfterChange', () => {
  it('re-assigns only the points inside the changed box and reports who moved where', async () => {
    // Move the T0101|T0201 border 0.002° east, then 0.008°: only the second moves anyone.
    const town = createSquareTown();
    const grid = (code: string) => town.features.find((f) => f.properties!.code === code)!;
    grid('T0101').geometry.coordinates = [[[120, 30], [120.012, 30], [120.012, 30.01], [120, 30.01], [120, 30]]];
    grid('T0201').geometry.coordinates = [[[120.012, 30], [120.02, 30], [120.02, 30.01], [120.012, 30.01], [120.012, 30]]];
    const body = { type: 'FeatureCollection', features: [grid('T0101'), grid('T0201')] };
    const moved = await t.db.transaction(async (tx) => {
      await tx.query(`update area set geom = st_multi(st_geomfromgeojson($2::text)) where code = $1::text`, ['T0101', JSON.stringify(body.features[0].geometry)]);
      await tx.query(`update area set geom = st_multi(st_geomfromgeojson($2::text)) where code = $1::text`, ['T0201', JSON.stringify(body.features[1].geometry)]);
      return reassignAfterChange(tx, [120, 30, 120.02, 30.01]);
    });
    emitAreasChanged(t.db, { codes: ['T0101', 'T0201'], bbox: [120, 30, 120.02, 30.01] });
    // Inside the box: households H1, H4, H5, S1, W1 and facilities F1, F2; H2, H3, G1 and F3 lie
    // outside it and are not read. H5 sat on the old border (ambiguous, kept in T0101) and is now
    // inside T0101 alone: a new status, no move. H1 (at 120.015) stays in T0201.
    expect(moved.checked).toBe(7);
    expect(moved.updated).toBe(1);
    expect(moved.moves).toEqual([]);
    const [h5] = await t.db.query<{ assignment: string; code: string }>(`select h.assignment, a.code from household h join area a on a.id = h.cell_id where h.id = 'H5'`);
    expect(h5).toEqual({ assignment: 'assigned', code: 'T0101' });
    // Now push the border west past H1's old neighbour: H1 at 120.015 moves into T0101.
    const r2 = await t.db.transaction(async (tx) => {
      await tx.query(`update area set geom = st_multi(st_makeenvelope(120, 30, 120.018, 30.01, 4326)) where code = 'T0101'`);
      await tx.query(`update area set geom = st_multi(st_makeenvelope(120.018, 30, 120.02, 30.01, 4326)) where code = 'T0201'`);
      return reassignAfterChange(tx, [120, 30, 120.02, 30.01]);
    });
    expect(r2.moves).toEqual([{ kind: 'household', region: 'T', id: 'H1', from: 'T0201', to: 'T0101', assignment: 'assigned' }]);
  });
});
