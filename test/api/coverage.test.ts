import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';
import { generateDemoTown } from '../../server/demo_town/generate_demo_town.ts';
import { onAreasChanged, type AreaChange } from '../../server/services/area_changes.ts';

// The demo town's deliberate defects, as its generator reports them (data/README.md).
const defects = generateDemoTown().defects;
const defect = (kind: string) => defects.find((d) => d.kind === kind)!;
const TOWN = '330782101';

interface Problem {
  id: string;
  geometry: { type: string };
  properties: {
    kind: string; level: string; parent: { code: string } | null; areas: { code: string }[]; area_m2: number; width_m: number | null;
    households: number; facilities: number; reason: string | null; fixes: { type: string; params: Record<string, unknown> }[];
    exception: { reason: string; by: string } | null;
  };
}
interface Report { features: Problem[]; summary: { total: number; by_kind: Record<string, number> }; checked: { levels: string[]; areas: number; ms: number } }

const codes = (p: Problem) => p.properties.areas.map((a) => a.code).sort();

describe('GET /api/coverage on the demo town', () => {
  let t: TestDb;
  let server: TestServer;
  const check = async (query: string): Promise<Report> => {
    const res = await server.get(`/api/coverage?root=${TOWN}${query}`);
    expect(res.status).toBe(200);
    return res.json();
  };
  const fix = (body: unknown) => server.post('/api/coverage/fixes', body);
  beforeAll(async () => {
    t = await createTestDb('demo');
    server = await startTestServer(t.db);
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  it('finds every documented defect, at its level and with its codes, and nothing else', async () => {
    const report = await check('');
    expect(report.checked.levels.sort()).toEqual(['community', 'grid', 'unit']);
    expect(report.checked.areas).toBe(1780);
    const byKind = (k: string) => report.features.filter((p) => p.properties.kind === k);

    const sliver = defect('sliver_gap');
    expect(byKind('sliver')).toHaveLength(1);
    expect(byKind('sliver')[0].properties).toMatchObject({ level: 'unit', parent: { code: sliver.codes[0].slice(0, 14) } });
    expect(codes(byKind('sliver')[0])).toContain(sliver.codes[0]);
    expect(byKind('sliver')[0].properties.width_m).toBeLessThan(0.5);

    const overlap = defect('overlap');
    expect(byKind('overlap')).toHaveLength(1);
    expect(codes(byKind('overlap')[0])).toEqual([...overlap.codes].sort());
    expect(byKind('overlap')[0].properties).toMatchObject({ level: 'unit', parent: { code: overlap.codes[0].slice(0, 14) } });

    const gap = defect('gap');
    expect(byKind('gap')).toHaveLength(1);
    expect(codes(byKind('gap')[0])).toEqual([...gap.codes].sort());
    expect(byKind('gap')[0].properties).toMatchObject({ level: 'grid', parent: { code: gap.codes[0].slice(0, 12) } });
    // A 25 m pull on a grid corner: hundreds to a few thousand m², not a sliver.
    expect(byKind('gap')[0].properties.area_m2).toBeGreaterThan(300);
    expect(byKind('gap')[0].properties.width_m).toBeGreaterThan(5);

    const spill = defect('spill');
    const spilled = spill.codes.slice(0, -1);
    expect(byKind('spill').map((p) => codes(p)[0]).sort()).toEqual(spilled.sort());
    for (const p of byKind('spill')) expect(p.properties).toMatchObject({ level: 'unit', parent: { code: spill.codes.at(-1) } });

    expect(byKind('orphan').map((p) => p.properties.reason).sort()).toEqual(['household ORPHAN-1 lies in no cell', 'household ORPHAN-2 lies in no cell', 'household ORPHAN-3 lies in no cell']);
    expect(byKind('orphan').every((p) => p.geometry.type === 'Point' && p.properties.households === 1)).toBe(true);

    expect(report.summary).toMatchObject({ total: 8, by_kind: { sliver: 1, overlap: 1, gap: 1, spill: 2, orphan: 3 } });
    expect(report.features).toHaveLength(8);
  });

  it('gives each problem the same id run after run, and counts the points inside it', async () => {
    const a = await check('');
    const b = await check('');
    expect(b.features.map((p) => p.id)).toEqual(a.features.map((p) => p.id));
    expect(new Set(a.features.map((p) => p.id)).size).toBe(a.features.length);
    // Households inside the grid-level gap, counted independently by PostGIS.
    const gap = a.features.find((p) => p.properties.kind === 'gap')!;
    const [row] = await t.db.query<{ n: number }>('select count(*)::int as n from household where st_intersects(geom, st_setsrid(st_geomfromgeojson($1::text), 4326))', [JSON.stringify(gap.geometry)]);
    expect(gap.properties.households).toBe(row.n);
  });

  it('filters by kind, level, minimum area and tolerance', async () => {
    expect((await check('&kinds=gap,overlap')).features.map((p) => p.properties.kind).sort()).toEqual(['gap', 'overlap']);
    expect((await check('&levels=grid')).features.map((p) => p.properties.kind)).toEqual(['gap']);
    const big = await check('&min_area=100&kinds=gap,overlap,sliver,spill');
    expect(big.features.map((p) => p.properties.kind).sort()).toEqual(['gap', 'overlap', 'spill', 'spill']);
    // Below the sliver's width the tolerance no longer calls it a sliver: it is a gap.
    const strict = await check('&tolerance=0.1&kinds=gap,sliver&levels=unit');
    expect(strict.features.map((p) => p.properties.kind)).toEqual(['gap']);
  });

  it('refuses bad parameters with a 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['', 'root'],
      [`?root=${TOWN}&tolerance=-1`, 'tolerance'],
      [`?root=${TOWN}&min_area=x`, 'min_area'],
      [`?root=${TOWN}&kinds=gap,hole`, 'kinds'],
      [`?root=${TOWN}&levels=Grid`, 'levels'],
    ]) {
      const res = await server.get(`/api/coverage${query}`);
      expect(res.status, query).toBe(400);
      const body = await res.json();
      expect(body.problems[0].field).toContain(field);
      expect(body.message).toContain(field);
    }
    expect((await server.get('/api/coverage?root=nowhere')).status).toBe(404);
  });

  it('merges a gap into its neighbour, re-checks and re-assigns, and undoes it exactly', async () => {
    const changes: AreaChange[] = [];
    const off = onAreasChanged(t.db, (c) => changes.push(c));
    const before = await check('&levels=grid');
    const gap = before.features[0];
    expect(gap.properties.fixes[0]).toMatchObject({ type: 'merge_gap' });
    const into = gap.properties.fixes[0].params.into as string;
    const [{ wkb }] = await t.db.query<{ wkb: string }>('select encode(st_asewkb(geom), \'hex\') as wkb from area where code = $1::text', [into]);

    const res = await fix({ problem_id: gap.id, type: 'merge_gap' });
    expect(res.status).toBe(201);
    const applied = await res.json();
    expect(applied).toMatchObject({ type: 'merge_gap', codes: [into], resolved: true });
    expect(applied.remaining.map((p: Problem) => `${p.properties.kind} ${codes(p)}`)).toEqual([]);
    expect(changes.at(-1)?.codes).toEqual([into]);
    expect((await check('&levels=grid')).features).toEqual([]);
    // The points in the gap now belong under the grid that took it in.
    const [inGap] = await t.db.query<{ n: number; under: number }>(
      `select count(*)::int as n, count(*) filter (where c.path like $2::text || '%')::int as under
         from household h left join area c on c.id = h.cell_id
        where st_intersects(h.geom, st_setsrid(st_geomfromgeojson($1::text), 4326))`,
      [JSON.stringify(gap.geometry), (await t.db.query<{ path: string }>('select path from area where code = $1::text', [into]))[0].path],
    );
    expect(inGap.under).toBe(inGap.n);

    const undo = await server.post(`/api/coverage/fixes/${applied.fix_id}/undo`, {});
    expect(undo.status).toBe(200);
    const [{ wkb: restored }] = await t.db.query<{ wkb: string }>('select encode(st_asewkb(geom), \'hex\') as wkb from area where code = $1::text', [into]);
    expect(restored).toBe(wkb);
    expect((await check('&levels=grid')).features.map((p) => p.id)).toEqual([gap.id]);
    expect((await server.post(`/api/coverage/fixes/${applied.fix_id}/undo`, {})).status).toBe(409);
    expect((await server.post('/api/coverage/fixes/999999/undo', {})).status).toBe(404);
    off();
  });

  it('subtracts an overlap from all but one owner, snaps a sliver, clips a spill named by kind and codes', async () => {
    const report = await check('&levels=unit');
    const overlap = report.features.find((p) => p.properties.kind === 'overlap')!;
    const keep = overlap.properties.fixes[0].params.keep as string;
    const r1 = await (await fix({ problem_id: overlap.id, type: 'subtract_overlap', params: { keep } })).json();
    expect(r1).toMatchObject({ resolved: true, codes: [keep, ...codes(overlap).filter((c) => c !== keep)] });
    expect(r1.remaining.map((p: Problem) => p.properties.kind)).not.toContain('gap');

    const sliver = report.features.find((p) => p.properties.kind === 'sliver')!;
    const r2 = await (await fix({ problem_id: sliver.id, type: 'snap_sliver' })).json();
    expect(r2.resolved).toBe(true);
    expect(r2.remaining.filter((p: Problem) => p.properties.kind === 'sliver' || p.properties.kind === 'gap')).toEqual([]);

    const spill = report.features.find((p) => p.properties.kind === 'spill')!;
    const r3 = await fix({ kind: 'spill', codes: codes(spill), type: 'clip_spill' });
    expect(r3.status).toBe(201);
    expect((await r3.json()).resolved).toBe(true);
    const after = await check('&levels=unit&kinds=overlap,sliver,spill,gap');
    expect(after.features.map((p) => p.properties.kind)).toEqual(['spill']);
  });

  it('refuses a fix that does not fit the problem, naming the parameter', async () => {
    const spill = (await check('&kinds=spill')).features[0];
    let res = await fix({ problem_id: spill.id, type: 'merge_gap' });
    expect(res.status).toBe(400);
    expect((await res.json()).problems[0].field).toBe('type');
    const gap = (await check('&kinds=gap')).features[0];
    res = await fix({ problem_id: gap.id, type: 'merge_gap', params: { into: 'not-a-neighbour' } });
    expect(res.status).toBe(400);
    expect((await res.json()).problems[0].field).toBe('params.into');
    res = await fix({ type: 'merge_gap' });
    expect(res.status).toBe(400);
    expect((await res.json()).problems[0].field).toBe('problem_id');
    res = await fix({ problem_id: 'gap-0000', type: 'merge_gap' });
    expect(res.status).toBe(404);
  });

  it('marks a problem as an accepted exception, shows it, and removes it', async () => {
    const gap = (await check('&kinds=gap')).features[0];
    let res = await server.post('/api/coverage/exceptions', { problem_id: gap.id, reason: 'the reservoir', by: 'tester' });
    expect(res.status).toBe(201);
    expect((await check('&kinds=gap')).features[0].properties.exception).toMatchObject({ reason: 'the reservoir', by: 'test-admin-all' }); // the signed-in user, not the body's "by"
    res = await server.post('/api/coverage/exceptions', { problem_id: gap.id, reason: '' });
    expect(res.status).toBe(400);
    expect((await res.json()).problems[0].field).toBe('reason');
    expect((await server.post('/api/coverage/exceptions', { problem_id: 'gap-unknown', reason: 'x' })).status).toBe(404);
    expect((await server.request(`/api/coverage/exceptions/${gap.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await check('&kinds=gap')).features[0].properties.exception).toBeNull();
    expect((await server.request(`/api/coverage/exceptions/${gap.id}`, { method: 'DELETE' })).status).toBe(404);
  });
});
