import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';

const TOWN = '330782101';
let t: TestDb;
let s: TestServer;
beforeAll(async () => {
  t = await createTestDb('demo');
  s = await startTestServer(t.db);
});
afterAll(async () => {
  await s?.close();
  await t?.drop();
});

const json = async (r: Response) => ({ status: r.status, body: (await r.json()) as any });

describe('GET /api/sizing on the demo town', () => {
  it('reports every grid with counts that match an independent tally, and the demo\'s breaches', async () => {
    const { status, body } = await json(await s.get(`/api/sizing?root=${TOWN}&level=grid`));
    expect(status).toBe(200);
    expect(body.cells).toHaveLength(145);
    // data/README.md: 117 of 139 base grids in band, 14 under, 8 over; 6 dedicated grids exempt.
    expect(body.summary).toEqual({ cells: 145, within: 117, under: 14, over: 8, exempt: 6, no_rule: 0 });
    // Independently: each unit's households summed into its parent (units sit right under grids).
    const tally = await t.db.query<{ code: string; n: number; people: number }>(
      `select g.code, count(h.id)::int as n, coalesce(sum(h.people), 0)::int as people
         from area g left join area u on u.parent_id = g.id left join household h on h.cell_id = u.id
        where g.level = 'grid' group by g.code`,
    );
    const byCode = new Map(body.cells.map((c: any) => [c.code, c]));
    for (const r of tally) {
      expect((byCode.get(r.code) as any).households).toBe(r.n);
      expect((byCode.get(r.code) as any).people).toBe(r.people);
    }
    expect(body.cells.reduce((a: number, c: any) => a + c.households, 0)).toBe(40_000);
  });

  it('gives the band, status and deviation of each cell, breaches first', async () => {
    const { body } = await json(await s.get(`/api/sizing?root=${TOWN}`));
    for (const c of body.cells) {
      if (c.status === 'exempt') {
        expect(['school', 'hospital', 'institution', 'enterprise', 'estate']).toContain(c.kind);
        continue;
      }
      expect(c.band).toEqual({ min: 200, max: 400 });
      const expected = c.households < 200 ? 'under' : c.households > 400 ? 'over' : 'within';
      expect(c.status).toBe(expected);
      const dev = expected === 'under' ? c.households - 200 : expected === 'over' ? c.households - 400 : 0;
      expect(c.deviation.households).toBe(dev);
      expect(c.deviation.percent).toBeCloseTo((dev / (expected === 'under' ? 200 : 400)) * 100, 1);
      expect(c.staff.grid_workers_required).toBe(1);
    }
    const estate = body.cells.find((c: any) => c.kind === 'estate');
    expect(estate).toMatchObject({ status: 'exempt', households: 540 });
    const firstWithin = body.cells.findIndex((c: any) => c.status === 'within');
    expect(body.cells.slice(0, firstWithin).every((c: any) => c.status === 'under' || c.status === 'over')).toBe(true);
    expect(firstWithin).toBe(22);
    const histogramTotal = body.histogram.bins.reduce((a: number, b: any) => a + b.count, 0);
    expect(histogramTotal).toBe(139);
    expect(body.histogram.band).toEqual({ min: 200, max: 400 });
  });

  it('rolls up into the town and each community, worst first, with the community workers required', async () => {
    const { body } = await json(await s.get(`/api/sizing?root=${TOWN}`));
    expect(body.rollups).toHaveLength(25);
    const town = body.rollups.find((r: any) => r.code === TOWN);
    expect(town).toMatchObject({ level: 'town', cells: 145, breaches: 22, under: 14, over: 8, exempt: 6, households: 40_000 });
    const communities = body.rollups.filter((r: any) => r.level === 'community');
    expect(communities.reduce((a: number, r: any) => a + r.breaches, 0)).toBe(22);
    const order = body.rollups.map((r: any) => r.breaches);
    expect(order).toEqual([...order].sort((a: number, b: number) => b - a));
    for (const r of communities) {
      expect(r.community_workers_required).toBe(Math.ceil((r.people * 18) / 10_000));
      expect(r.worst).toHaveLength(r.breaches);
    }
  });

  it('counts the full-time grid workers on the staff register and the events of the last 30 days', async () => {
    // Events in three grids (3, 1 and 2 reports), one of them moved back 40 days: outside the window.
    const spots = await t.db.query<{ code: string; lon: number; lat: number }>(
      `select distinct on (g.code) g.code, st_x(h.geom) as lon, st_y(h.geom) as lat
         from household h join area u on u.id = h.cell_id join area g on g.id = u.parent_id
        where g.level = 'grid' and g.kind = 'base' order by g.code, h.id limit 3`,
    );
    expect(spots).toHaveLength(3);
    const ids: string[][] = [];
    for (const [i, n] of [3, 1, 2].entries()) {
      ids.push([]);
      for (let k = 0; k < n; k++) {
        // One spot a grid, a different category each: no report is another's likely duplicate.
        const r = await json(await s.post('/api/events', { category: ['dispute', 'environment', 'safety_hazard'][k], description: `sizing window ${i}.${k}`, location: { lon: spots[i].lon, lat: spots[i].lat } }));
        expect(r.status).toBe(201);
        ids[i].push(String(r.body.id));
      }
    }
    await t.db.query(`update event set reported_at = now() - interval '40 days' where id = $1::text`, [ids[2][0]]);
    const { body } = await json(await s.get(`/api/sizing?root=${TOWN}`));
    expect(body.notes).toEqual([]);
    const workers = new Map(
      (await t.db.query<{ code: string; n: number }>(
        `select g.code, count(distinct s.staff_id)::int as n from staff_assignment s join area g on g.id = s.area_id
          where s.role = 'grid_worker' and g.level = 'grid' group by g.code`,
      )).map((r) => [r.code, r.n]),
    );
    const events = new Map(
      (await t.db.query<{ code: string; n: number }>(
        `select g.code, count(*)::int as n from event e join area g on g.id = e.grid_id
          where e.reported_at >= now() - interval '30 days' group by g.code`,
      )).map((r) => [r.code, r.n]),
    );
    // The independent count sees the reports: 3, 1 and 1 (the one moved back is outside the window).
    expect(spots.map((p) => events.get(p.code))).toEqual([3, 1, 1]);
    for (const c of body.cells) {
      expect(c.staff.grid_workers).toBe(workers.get(c.code) ?? 0);
      expect(c.staff.grid_workers_short).toBe(Math.max(0, 1 - (workers.get(c.code) ?? 0)));
      expect(c.events_per_month).toBe(events.get(c.code) ?? 0);
    }
  });

  it('exports the same rows as CSV with a byte-order mark', async () => {
    const [{ body }, r] = await Promise.all([json(await s.get(`/api/sizing?root=${TOWN}`)), s.get(`/api/sizing?root=${TOWN}&format=csv`)]);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split('\r\n');
    expect(lines[0]).toBe('code,name,kind,parent_code,households,people,floating,facilities,band_min,band_max,status,deviation_households,deviation_percent,breaches');
    expect(lines).toHaveLength(146);
    const first = lines[1].split(',');
    expect(first[0]).toBe(body.cells[0].code);
    expect(first[1]).toBe(body.cells[0].name);
    expect(first[1]).toMatch(/[\u4e00-\u9fff]/);
    expect(Number(first[4])).toBe(body.cells[0].households);
    expect(first[10]).toBe(body.cells[0].status);
  });

  it('refuses a missing root and says which; an unknown one is a 404', async () => {
    const a = await json(await s.get('/api/sizing?level=grid'));
    expect(a.status).toBe(400);
    expect(a.body.problems[0].field).toBe('root');
    const b = await json(await s.get('/api/sizing?root=NOPE'));
    expect(b.status).toBe(404);
    expect(b.body.message).toMatch(/NOPE/);
    const c = await json(await s.get(`/api/sizing?root=${TOWN}&format=xml`));
    expect(c.status).toBe(400);
    expect(c.body.problems[0].field).toBe('format');
  });
});

describe('sizing rules', () => {
  it('starts with the seeds\' standard and refuses bad rules, naming the field', async () => {
    const { body } = await json(await s.get('/api/sizing/rules'));
    expect(body.rules.find((r: any) => r.level === 'grid' && r.kind === '*')).toMatchObject({ households: { min: 200, max: 400 }, grid_workers_per_grid: 1, exempt_dedicated: true });
    expect(body.rules.find((r: any) => r.level === 'community')).toMatchObject({ community_workers_per_10k: 18 });

    const put = (b: unknown) => s.request('/api/sizing/rules', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) });
    const reversed = await json(await put({ rules: [{ level: 'grid', households: { min: 400, max: 200 } }] }));
    expect(reversed.status).toBe(400);
    expect(reversed.body.problems[0].field).toBe('rules.0.households');
    const twice = await json(await put({ rules: [{ level: 'grid' }, { level: 'grid', kind: '*' }] }));
    expect(twice.status).toBe(400);
    expect(twice.body.problems[0]).toMatchObject({ field: 'rules.1.kind' });
    expect(twice.body.problems[0].problem).toMatch(/second rule/);
    const badKind = await json(await put({ rules: [{ level: 'grid', kind: 'castle' }] }));
    expect(badKind.status).toBe(400);
    expect(badKind.body.problems[0].field).toBe('rules.0.kind');
    // Nothing was written by the refused requests.
    expect((await json(await s.get('/api/sizing/rules'))).body).toEqual(body);
  });

  it('replaces the rules, and the report follows them', async () => {
    const put = (b: unknown) => s.request('/api/sizing/rules', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) });
    const before = (await json(await s.get('/api/sizing/rules'))).body;
    const r = await json(await put({
      rules: [
        { level: 'grid', households: { min: 250, max: 350 }, people: { min: 0, max: 900 }, grid_workers_per_grid: 1, exempt_dedicated: false },
        { level: 'grid', kind: 'school', households: { min: 0, max: 10 } },
      ],
    }));
    expect(r.status).toBe(200);
    expect(r.body.rules).toHaveLength(2);
    const { body } = await json(await s.get(`/api/sizing?root=${TOWN}`));
    expect(body.summary.exempt).toBe(0); // the estate, hospital … are checked now
    expect(body.cells.find((c: any) => c.kind === 'estate')).toMatchObject({ status: 'over', band: { min: 250, max: 350 } });
    const schools = body.cells.filter((c: any) => c.kind === 'school');
    expect(schools.every((c: any) => c.band.max === 10)).toBe(true);
    const base = body.cells.filter((c: any) => c.kind === 'base');
    expect(base.filter((c: any) => c.status === 'within').length).toBe(base.filter((c: any) => c.households >= 250 && c.households <= 350).length);
    const crowded = base.filter((c: any) => c.people > 900);
    expect(crowded.length).toBeGreaterThan(0);
    expect(crowded.every((c: any) => c.breaches.includes('people') && c.checks.people.status === 'over')).toBe(true);
    expect((await json(await put({ rules: before.rules }))).status).toBe(200);
  });

  it('sends the map each grid\'s verdict with its counts, the same as the report\'s, whatever the rules (no rule is no_rule)', async () => {
    const put = (b: unknown) => s.request('/api/sizing/rules', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) });
    const before = (await json(await s.get('/api/sizing/rules'))).body;
    const agree = async () => {
      const report = (await json(await s.get(`/api/sizing?root=${TOWN}&level=grid`))).body;
      const counts = (await json(await s.get('/tiles/grids/counts.json'))).body.areas as { code: string; sizing: { status: string; band: unknown } }[];
      const byCode = new Map(counts.map((a) => [a.code, a.sizing]));
      expect(report.cells).toHaveLength(145);
      for (const c of report.cells) expect(byCode.get(c.code), c.code).toEqual({ status: c.status, band: c.band });
      return report.summary;
    };
    expect(await agree()).toMatchObject({ within: 117, under: 14, over: 8, exempt: 6 });
    expect((await put({ rules: [{ level: 'grid', households: { min: 250, max: 350 }, exempt_dedicated: false }] })).status).toBe(200);
    expect(await agree()).toMatchObject({ exempt: 0, no_rule: 0 });
    // No rule for grids at all: the server says no_rule (the map once said exempt on its own).
    expect((await put({ rules: [{ level: 'community', households: { min: 1000, max: null } }] })).status).toBe(200);
    expect(await agree()).toMatchObject({ cells: 145, no_rule: 145 });
    expect((await put({ rules: before.rules })).status).toBe(200);
  });

  it('refuses a save made on rules someone else changed meanwhile (If-Match), and takes it on the rules now in force', async () => {
    const put = (b: unknown, ifMatch: string) =>
      s.request('/api/sizing/rules', { method: 'PUT', headers: { 'content-type': 'application/json', 'if-match': ifMatch }, body: JSON.stringify(b) });
    const read = await s.get('/api/sizing/rules');
    const tag = read.headers.get('etag')!;
    const { rules } = (await read.json()) as { rules: { level: string; kind: string; households: { min: number | null; max: number | null } }[] };
    expect(tag).toMatch(/^"[\w-]+"$/);
    const widen = (min: number) => ({ rules: rules.map((r) => (r.level === 'grid' && r.kind === '*' ? { ...r, households: { min, max: 400 } } : r)) });

    // Two administrators read the same rules; the first saves, the second's save on the old ones is refused.
    const first = await put(widen(220), tag);
    expect(first.status).toBe(200);
    const newTag = first.headers.get('etag')!;
    expect(newTag).not.toBe(tag);
    const second = await put(widen(180), tag);
    expect(second.status).toBe(409);
    expect((await second.json()).message).toMatch(/changed by someone else/);
    const now = await s.get('/api/sizing/rules');
    expect(now.headers.get('etag')).toBe(newTag); // nothing was saved by the refused one
    expect(((await now.json()) as { rules: typeof rules }).rules.find((r) => r.level === 'grid' && r.kind === '*')!.households.min).toBe(220);

    // On the rules now in force (W/ accepted as well) the save goes through; then put back what was there.
    expect((await put(widen(180), `W/${newTag}`)).status).toBe(200);
    expect((await put({ rules }, (await s.get('/api/sizing/rules')).headers.get('etag')!)).status).toBe(200);
    expect((await s.get('/api/sizing/rules')).headers.get('etag')).toBe(tag);
  });
});

describe('POST /api/sizing/proposals on the demo town', () => {
  const propose = async (b: unknown) => json(await s.post('/api/sizing/proposals', b));
  const report = async () => (await json(await s.get(`/api/sizing?root=${TOWN}`))).body;
  /** Every proposed grid is one polygon (contiguous by shared border), inside its community. */
  const checkGeometry = async (grids: any[]) => {
    const rows = await t.db.query<{ code: string; parts: number; outside: number }>(
      `select g.code, st_numgeometries(g.geom)::int as parts,
              st_area(st_difference(g.geom, st_buffer(c.geom::geography, 1)::geometry)::geography) as outside
         from (select x.code, x.container, st_geomfromgeojson(x.geometry) as geom
                 from jsonb_to_recordset($1::jsonb) as x(code text, container text, geometry text)) as g
         join area c on c.code = g.container`,
      [JSON.stringify(grids.map((g) => ({ code: g.code, container: g.container, geometry: JSON.stringify(g.geometry) })))],
    );
    expect(rows).toHaveLength(grids.length);
    for (const r of rows) {
      expect(r.parts, `grid ${r.code} is in ${r.parts} pieces`).toBe(1);
      expect(r.outside, `grid ${r.code} reaches outside its community`).toBeLessThan(1);
    }
  };
  const unitsOf = async (grid: string) =>
    (await t.db.query<{ code: string; n: number }>(
      `select u.code, (select count(*)::int from household h where h.cell_id = u.id) as n
         from area u join area g on g.id = u.parent_id where g.code = $1::text order by u.code`,
      [grid],
    ));

  it('splits an over-full grid into contiguous grids of whole units, each in band', async () => {
    const over = (await report()).cells.filter((c: any) => c.status === 'over');
    expect(over).toHaveLength(8);
    for (const cell of over.slice(0, 3)) {
      const { status, body } = await propose({ root: TOWN, kind: 'split', grid: cell.code });
      expect(status).toBe(201);
      expect(body).toMatchObject({ kind: 'split', feasible: true, reasons: [] });
      expect(typeof body.id).toBe('number');
      expect(body.grids.length).toBeGreaterThanOrEqual(2);
      expect(body.grids.every((g: any) => g.status === 'within' && g.contiguous && g.polsby_popper > 0 && g.polsby_popper <= 1)).toBe(true);
      expect(body.grids[0].code).toBe(cell.code);
      const units = await unitsOf(cell.code);
      expect(body.grids.flatMap((g: any) => g.units).sort()).toEqual(units.map((u) => u.code));
      expect(body.grids.reduce((a: number, g: any) => a + g.households, 0)).toBe(cell.households);
      const fresh = body.grids.filter((g: any) => g.new).map((g: any) => g.code);
      expect(await t.db.query('select code from area where code = any($1::text[])', [fresh])).toEqual([]);
      expect(body.moved.households).toBe(cell.households - body.grids.find((g: any) => g.code === cell.code).households);
      await checkGeometry(body.grids);
    }
  });

  it('merges an under-full grid with a neighbour that keeps it in band, or says why not', async () => {
    const under = (await report()).cells.filter((c: any) => c.status === 'under');
    expect(under).toHaveLength(14);
    let feasible = 0;
    for (const cell of under) {
      const { status, body } = await propose({ root: TOWN, kind: 'merge', grid: cell.code });
      expect(status).toBe(201);
      expect(body.grids).toHaveLength(body.alternatives.length ? 1 : 1);
      if (body.feasible) {
        feasible++;
        expect(body.grids[0].status).toBe('within');
        const other = body.removed_grids[0] === cell.code ? body.grids[0].code : body.removed_grids[0];
        // The two share a border, not just a corner.
        const [row] = await t.db.query<{ len: number }>(
          `select st_length(st_collectionextract(st_intersection(st_boundary(a.geom), b.geom), 2)::geography) as len
             from area a, area b where a.code = $1::text and b.code = $2::text`,
          [cell.code, other],
        );
        expect(row.len).toBeGreaterThan(0);
        await checkGeometry(body.grids);
      } else {
        expect(body.reasons.length).toBeGreaterThan(0);
        expect(body.reasons.map((r: any) => r.cause)).toEqual(expect.arrayContaining([expect.stringMatching(/no_merge_fits|no_neighbour/)]));
      }
    }
    expect(feasible).toBeGreaterThan(0);
  });

  it('rebalances the worst community: all grids in band, contiguous, inside it, dedicated grids kept, moves counted', async () => {
    const r = await report();
    const community = r.rollups.find((x: any) => x.level === 'community');
    expect(community.breaches).toBeGreaterThan(0);
    const { status, body } = await propose({ root: community.code, kind: 'rebalance', seed: 'test' });
    expect(status).toBe(201);
    expect(body.feasible).toBe(true);
    expect(body.reasons).toEqual([]);
    const base = body.grids.filter((g: any) => !g.kept);
    expect(base.every((g: any) => g.status === 'within' && g.contiguous)).toBe(true);
    await checkGeometry(body.grids);
    // Every unit of the community exactly once.
    const units = await t.db.query<{ code: string; grid: string; kind: string; n: number }>(
      `select u.code, g.code as grid, g.kind, (select count(*)::int from household h where h.cell_id = u.id) as n
         from area u join area g on g.id = u.parent_id join area c on c.id = g.parent_id where c.code = $1::text order by u.code`,
      [community.code],
    );
    expect(body.assignments.map((a: any) => a.unit_code)).toEqual(units.map((u) => u.code));
    const n = new Map(units.map((u) => [u.code, u.n]));
    const moved = body.assignments.filter((a: any) => a.from_grid !== a.to_grid);
    expect(body.moved).toEqual({ units: moved.length, households: moved.reduce((a: number, m: any) => a + n.get(m.unit_code)!, 0) });
    for (const u of units.filter((x) => x.kind !== 'base')) {
      expect(body.assignments.find((a: any) => a.unit_code === u.code).to_grid).toBe(u.grid);
    }
    // Deterministic for a seed.
    const again = await propose({ root: community.code, kind: 'rebalance', seed: 'test' });
    expect(again.body.assignments).toEqual(body.assignments);
    // Kept for the planner, never applied.
    const kept = await json(await s.get(`/api/sizing/proposals/${body.id}`));
    expect(kept.status).toBe(200);
    expect(kept.body.assignments).toEqual(body.assignments);
    expect((await report()).summary).toEqual(r.summary);
  });

  it('rebalances the whole town: every breach fixed or explained', async () => {
    const { status, body } = await propose({ root: TOWN, kind: 'rebalance' });
    expect(status).toBe(201);
    console.log(`town rebalance: ${body.grids.length} grids, moved ${body.moved.households} households in ${body.moved.units} units, ` +
      `timing ${JSON.stringify(body.timing_ms)}, feasible ${body.feasible}, reasons ${body.reasons.map((x: any) => x.cause).join(' ')}`);
    const explained = new Set(body.reasons.flatMap((x: any) => x.grids));
    for (const g of body.grids.filter((x: any) => !x.kept && x.status !== 'within')) expect(explained.has(g.code), `grid ${g.code} out of band unexplained`).toBe(true);
    expect(body.grids.filter((g: any) => g.kept)).toHaveLength(6);
    expect(body.grids.every((g: any) => g.contiguous)).toBe(true);
    expect(body.assignments).toHaveLength(1610);
    await checkGeometry(body.grids);
  });

  it('refuses bad requests, naming the field', async () => {
    expect((await propose({ root: TOWN, kind: 'split' })).body.problems[0].field).toBe('grid');
    expect((await propose({ root: TOWN, kind: 'shuffle' })).body.problems[0].field).toBe('kind');
    const unit = (await t.db.query<{ code: string }>(`select code from area where level = 'unit' limit 1`))[0].code;
    const notGrid = await propose({ root: TOWN, kind: 'split', grid: unit });
    expect(notGrid.status).toBe(400);
    expect(notGrid.body.message).toMatch(/not a grid/);
    expect((await propose({ root: 'NOPE', kind: 'rebalance' })).status).toBe(404);
    expect((await propose({ root: TOWN, kind: 'rebalance', band: { min: 300, max: 200 } })).body.problems[0].field).toBe('band');
    expect((await json(await s.get('/api/sizing/proposals/999999'))).status).toBe(404);
    const noUnits = await propose({ root: TOWN, kind: 'rebalance', unit_level: 'building' });
    expect(noUnits.status).toBe(400);
    expect(noUnits.body.problems[0].field).toBe('unit_level');
  });
});
