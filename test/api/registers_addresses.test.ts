import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';
import { createSquareTown } from '../fixtures/create_square_town.ts';

// A standard address register over the square town (T → T01, T02 → four grids, 0.02° at 120°E
// 30°N), and a household register naming those addresses in the ways people write them, each
// row with its known answer.
let t: TestDb;
let server: TestServer;
beforeAll(async () => {
  t = await createTestDb('empty');
  server = await startTestServer(t.db);
  expect((await server.post('/api/areas/import', createSquareTown())).status).toBe(201);
});
afterAll(async () => {
  await server?.close();
  await t?.drop();
});

const send = (path: string, bytes: Uint8Array, headers: Record<string, string> = {}) =>
  server.request(path, { method: 'POST', headers: { 'content-type': 'text/csv', ...headers }, body: Buffer.from(bytes) });

const ROADS = ['和平路', '解放路'];
const CN = ['', '一', '二', '三', '四', '五', '六'];
interface Addr { id: string; road: string; n: number; b: number; lon: number; lat: number }
function createAddresses(): Addr[] {
  const out: Addr[] = [];
  ROADS.forEach((road, r) => {
    for (let n = 1; n <= 6; n++) for (let b = 1; b <= 2; b++) out.push({ id: `A${r}${n}${b}`, road, n, b, lon: 120.001 + n * 0.0025 + r * 0.0003, lat: 30.002 + (b - 1) * 0.01 + r * 0.0003 });
  });
  return out;
}
/** The ways a household's address is written, each naming address `a` (the building). */
const SPELLINGS: ((a: Addr) => string)[] = [
  (a) => `${a.road}${a.n}号${a.b}幢2单元301室`, // a room in the building
  (a) => `浙江省义乌市稠城街道名称T01${a.road}${CN[a.n]}号${String.fromCharCode(0xff10 + a.b)}栋`, // prefixes, Chinese numerals, full-width, 栋
  (a) => `${a.road} ${a.n} 号 ${a.b} 号楼`, // spaces, 号楼
  (a) => `${a.road.replace('路', '')}${a.n}号${a.b}幢`, // the road written short: found fuzzily
];

describe('placing register rows by the standard address register', () => {
  const addresses = createAddresses();

  it('imports the standard address register (UTF-8 with a BOM) with its buildings', async () => {
    const lines = ['地址编码,标准地址,楼栋,经度,纬度', ...addresses.map((a) => `${a.id},${a.road}${a.n}号,${a.b}栋,${a.lon},${a.lat}`), 'D1,幸福里8号,,120.004,30.004', 'D2,幸福里8号,,120.006,30.006'];
    const res = await send('/api/addresses/import', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\n'))]));
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({ written: addresses.length + 2, duplicate_keys: 1, problems: [] });
    const [row] = await t.db.query<{ norm: string; code: string }>(`select p.norm, a.code from address_point p join area a on a.id = p.cell_id where p.id = 'A012'`);
    expect(row).toEqual({ norm: '和平路1号2幢', code: 'T0102' });
  });

  it('places every row at its known address, and reports ambiguous and unmatched rows for a person to settle', async () => {
    const rows = addresses.map((a, i) => ({ id: `H${i}`, address: SPELLINGS[i % SPELLINGS.length](a), grid: '', expect: a }));
    const extra = [
      { id: 'AMB1', address: '幸福里8号', grid: 'T0101' }, // two standard addresses: kept in its grid
      { id: 'AMB2', address: '幸福里8号', grid: '' }, // … and without a grid: cannot be taken
      { id: 'NO1', address: '不存在路99号', grid: '名称T0202' }, // no such address: kept in its grid (by name)
      { id: 'NO2', address: '不存在路99号', grid: '' },
    ];
    const csv = ['户编号,门牌地址,所属网格', ...[...rows, ...extra].map((r) => `${r.id},${r.address},${r.grid}`)].join('\n');
    const dry = await send('/api/registers/households/import?dry_run=true', iconv.encode(csv, 'gbk'));
    const report = await dry.json();
    expect(dry.status, JSON.stringify(report)).toBe(200);
    expect(report.addresses).toMatchObject({ matched: rows.length, ambiguous: 2, unmatched: 2 });
    const byId = new Map(report.addresses.rows.map((r: any) => [r.id, r]));
    for (const r of rows) {
      expect(byId.get(r.id), r.address).toMatchObject({ status: 'matched', candidates: [{ id: r.expect.id }] });
    }
    expect(rows.filter((_, i) => i % SPELLINGS.length === 3).every((r) => (byId.get(r.id) as any).how === 'fuzzy')).toBe(true);
    expect(byId.get('AMB1')).toMatchObject({ status: 'ambiguous', candidates: [{ id: 'D1' }, { id: 'D2' }], kept_in_grid: 'T0101' });
    expect(byId.get('NO1')).toMatchObject({ status: 'unmatched', candidates: [], kept_in_grid: 'T0202' });
    expect(report.problems.map((p: any) => [p.row, p.field])).toEqual([[rows.length + 3, 'address'], [rows.length + 5, 'address']]);
    expect(report.problems[0].problem).toMatch(/is ambiguous \(it might be: 幸福里8号; 幸福里8号\)/);

    const refused = await send('/api/registers/households/import', iconv.encode(csv, 'gbk'));
    expect(refused.status).toBe(400);
    expect((await t.db.query(`select 1 from household`)).length).toBe(0);

    const res = await send('/api/registers/households/import?on_error=skip', iconv.encode(csv, 'gbk'));
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.placed).toEqual({ by_coordinates: 0, by_address: rows.length, unplaced_in_grid: 2 });
    const stored = new Map((await t.db.query<{ id: string; lon: number; lat: number }>(`select id, st_x(geom) as lon, st_y(geom) as lat from household`)).map((h) => [h.id, h]));
    expect(stored.size).toBe(rows.length);
    for (const r of rows) expect(stored.get(r.id), r.address).toMatchObject({ lon: r.expect.lon, lat: r.expect.lat });
    const kept = await t.db.query<{ id: string; code: string }>(`select u.id, a.code from unplaced_register_row u join area a on a.id = u.cell_id order by u.id`);
    expect(kept).toEqual([{ id: 'AMB1', code: 'T0101' }, { id: 'NO1', code: 'T0202' }]);
  });

  it('keeps a planner\'s address import within their subtree', async () => {
    const { authorization } = await server.userWith('planner', 'T01');
    const outside = await send('/api/addresses/import', Buffer.from('地址编码,标准地址,经度,纬度\nP1,东街1号,120.015,30.005\n'), { authorization });
    expect(outside.status).toBe(403);
    // A02 lies in T01 now; moving it into T02 is refused too.
    const moved = await send('/api/addresses/import', Buffer.from('地址编码,标准地址,经度,纬度\nA011,和平路1号,120.015,30.005\n'), { authorization });
    expect(moved.status).toBe(403);
    expect((await t.db.query(`select 1 from address_point where id = 'P1'`)).length).toBe(0);
    const inside = await send('/api/addresses/import', Buffer.from('地址编码,标准地址,经度,纬度\nP2,西街1号,120.005,30.005\n'), { authorization });
    expect(inside.status).toBe(201);
  });
});
