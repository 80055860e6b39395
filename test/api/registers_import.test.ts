import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';
import { createSquareTown } from '../fixtures/create_square_town.ts';

// The square town: T (0.02° square at 120°E 30°N) → T01 (west), T02 (east) → grids T0101 (SW),
// T0102 (NW), T0201 (SE), T0202 (NE); each area is named 名称<code>.
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

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const send = (path: string, bytes: Uint8Array, type = 'text/csv', headers: Record<string, string> = {}) =>
  server.request(path, { method: 'POST', headers: { 'content-type': type, ...headers }, body: Buffer.from(bytes) });
const households = async () => t.db.query<{ id: string; code: string | null; head_name: string | null; people: number }>(`select h.id, a.code, h.head_name, h.people from household h left join area a on a.id = h.cell_id order by h.id`);
const unplaced = async () => t.db.query<{ id: string; code: string; address: string | null }>(`select u.id, a.code, u.address from unplaced_register_row u join area a on a.id = u.cell_id order by u.id`);

const GBK_REGISTER = [
  '户编号,户主姓名,联系电话,门牌地址,人口数,流动人口,经度,纬度,所属网格,备注',
  'G1,王伟,13800000001,和平路1号,3,0,120.005,30.005,,独居老人',
  'G2,李娜,13800000002,和平路2号,2,1,120.015,30.015,,',
  'G3,张强,13800000003,,4,0,,,名称T0201,新迁入',
].join('\r\n');

describe('POST /api/registers/households/import', () => {
  it('answers a dry run with the guessed mapping and writes nothing', async () => {
    const res = await send('/api/registers/households/import?dry_run=true', iconv.encode(GBK_REGISTER, 'gbk'), 'text/csv');
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.source).toBe('csv (gb18030)');
    expect(Object.fromEntries(body.columns.map((c: any) => [c.field, c.column]))).toEqual({ id: '户编号', head_name: '户主姓名', phone: '联系电话', address: '门牌地址', people: '人口数', floating: '流动人口', lon: '经度', lat: '纬度', grid: '所属网格' });
    expect(body.unmapped).toEqual(['备注']);
    expect(body.placed).toEqual({ by_coordinates: 2, by_address: 0, unplaced_in_grid: 1 });
    expect(body.problems).toEqual([]);
    expect(body.written).toBe(0);
    expect(await households()).toEqual([]);
    expect(await unplaced()).toEqual([]);
  });

  it('imports a GBK CSV with Chinese headers: placed rows in their cells, a row naming only its grid kept there unplaced', async () => {
    const res = await send('/api/registers/households/import', iconv.encode(GBK_REGISTER, 'gbk'), 'text/csv');
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.written).toBe(3);
    expect(await households()).toEqual([
      { id: 'G1', code: 'T0101', head_name: '王伟', people: 3 },
      { id: 'G2', code: 'T0202', head_name: '李娜', people: 2 },
    ]);
    expect(await unplaced()).toEqual([{ id: 'G3', code: 'T0201', address: null }]);
    const [attrs] = await t.db.query<{ attrs: Record<string, string> }>(`select attrs from household where id = 'G1'`);
    expect(attrs.attrs).toEqual({ 备注: '独居老人' });
  });

  it('reads GB18030 named by the charset parameter, and takes a mapping that overrides the guesses', async () => {
    const csv = '编号,住处,家庭成员,longitude,latitude\nM1,东街3号,5,120.015,30.005\n';
    const mapping = encodeURIComponent(JSON.stringify({ address: '住处', people: '家庭成员' }));
    const res = await send(`/api/registers/households/import?charset=gb18030&mapping=${mapping}`, iconv.encode(csv, 'gb18030'));
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.columns).toContainEqual({ field: 'people', column: '家庭成员', how: 'given' });
    expect((await households()).find((h) => h.id === 'M1')).toEqual({ id: 'M1', code: 'T0201', head_name: null, people: 5 });
  });

  it('imports an .xlsx register with Chinese headers, and refuses one with a formula where a number belongs, naming the cell', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('户籍');
    sheet.addRow(['户号', '户主', '手机号码', '地址', '人数', '经度', '纬度']);
    sheet.addRow(['X1', '赵六', '13900000001', '西街1号', 2, 120.005, 30.015]);
    sheet.addRow(['X2', '钱七', '13900000002', '西街2号', 6, 120.006, 30.016]);
    const good = new Uint8Array(await book.xlsx.writeBuffer());
    const res = await send('/api/registers/households/import', good, XLSX);
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.source).toBe('xlsx sheet "户籍"');
    expect((await households()).filter((h) => h.id.startsWith('X'))).toEqual([
      { id: 'X1', code: 'T0102', head_name: '赵六', people: 2 },
      { id: 'X2', code: 'T0102', head_name: '钱七', people: 6 },
    ]);

    sheet.getCell('E3').value = { formula: 'E2*3', result: 6 };
    const withFormula = new Uint8Array(await book.xlsx.writeBuffer());
    const bad = await send('/api/registers/households/import', withFormula, XLSX);
    const err = await bad.json();
    expect(bad.status).toBe(400);
    expect(err.message).toContain('E3: =E2*3');
    expect(err.message).toContain('row 3, people');
  });

  it('imports a facility register from .xlsx with its name and category columns guessed', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('场所');
    sheet.addRow(['场所编号', '单位名称', '行业类别', '经营地址', '所属网格']);
    sheet.addRow(['F1', '东街小学', 'school', '东街5号', 'T0202']);
    const res = await send('/api/registers/facilities/import', new Uint8Array(await book.xlsx.writeBuffer()), XLSX);
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(Object.fromEntries(body.columns.map((c: any) => [c.field, c.column]))).toEqual({ id: '场所编号', name: '单位名称', category: '行业类别', address: '经营地址', grid: '所属网格' });
    const kept = await t.db.query<{ kind: string; code: string; fields: Record<string, unknown> }>(`select u.kind, a.code, u.fields from unplaced_register_row u join area a on a.id = u.cell_id where u.id = 'F1'`);
    expect(kept).toEqual([{ kind: 'facility', code: 'T0202', fields: { name: '东街小学', category: 'school', attrs: {} } }]);
  });

  it('refuses a CSV whose encoding cannot be decided, naming the line, and writes nothing', async () => {
    const before = await households();
    const bytes = Buffer.concat([Buffer.from('户编号,经度,纬度\nB1,120.005,30.005\nB2,'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from(',30.005\n')]);
    const res = await send('/api/registers/households/import', bytes, 'text/csv');
    const body = await res.json();
    expect(res.status).toBe(400);
    expect(body.message).toMatch(/line 3/);
    expect(await households()).toEqual(before);
  });

  it('refuses the whole file for one bad row, naming the row and field, unless on_error=skip', async () => {
    const csv = '户编号,经度,纬度,所属网格\nK1,120.005,30.005,\nK2,,,没有这个网格\n';
    const res = await send('/api/registers/households/import', Buffer.from(csv), 'text/csv');
    const body = await res.json();
    expect(res.status).toBe(400);
    expect(body.message).toMatch(/row 3, grid: no area of T has the code or name "没有这个网格"/);
    expect((await households()).map((h) => h.id)).not.toContain('K1');
    const skip = await send('/api/registers/households/import?on_error=skip', Buffer.from(csv), 'text/csv');
    expect(skip.status).toBe(201);
    expect((await households()).map((h) => h.id)).toContain('K1');
  });

  it('keeps a planner within their subtree: rows of T01 are taken, a row landing or kept in T02 refuses the file', async () => {
    const { authorization } = await server.userWith('planner', 'T01');
    const own = await send('/api/registers/households/import', Buffer.from('户编号,经度,纬度\nP1,120.005,30.005\n'), 'text/csv', { authorization });
    expect(own.status, await own.clone().text()).toBe(201);
    const before = await households();
    const beforeUnplaced = await unplaced();
    const byPoint = await send('/api/registers/households/import', Buffer.from('户编号,经度,纬度\nP2,120.005,30.005\nP3,120.015,30.005\n'), 'text/csv', { authorization });
    expect(byPoint.status).toBe(403);
    const byGrid = await send('/api/registers/households/import', Buffer.from('户编号,所属网格\nP4,T0201\n'), 'text/csv', { authorization });
    expect(byGrid.status).toBe(403);
    // G3 is kept unplaced in T0201 (under T02): rewriting it from T01 is refused too, even to a point in T01.
    const rewrite = await send('/api/registers/households/import', Buffer.from('户编号,经度,纬度\nG3,120.005,30.005\n'), 'text/csv', { authorization });
    expect(rewrite.status).toBe(403);
    expect(await households()).toEqual(before);
    expect(await unplaced()).toEqual(beforeUnplaced);
  });
});
