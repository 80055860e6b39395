import { describe, expect, it } from 'vitest';
import { guessRegisterMapping } from '../../server/domain/registers/guess_register_mapping.ts';
import { readRegisterRows } from '../../server/domain/registers/read_register_rows.ts';
import type { RegisterTable } from '../../server/domain/registers/register_table.ts';

describe('guessRegisterMapping', () => {
  it.each([
    {
      name: 'a household register with Chinese headers',
      headers: ['户编号', '户主姓名', '联系电话（手机）', '门牌地址', '人口数', '流动人口', '经度', '纬度', '所属网格', '备注'],
      expected: { id: '户编号', head_name: '户主姓名', phone: '联系电话（手机）', address: '门牌地址', people: '人口数', floating: '流动人口', lon: '经度', lat: '纬度', grid: '所属网格' },
      unmapped: ['备注'],
    },
    {
      name: 'headers holding a known name, with notes and spaces',
      headers: ['住户编号*', ' 户主 ', '家庭人口数(人)', '流动人口数', '现住址（门牌）', '网格名称'],
      expected: { id: '住户编号*', head_name: ' 户主 ', people: '家庭人口数(人)', floating: '流动人口数', address: '现住址（门牌）', grid: '网格名称' },
      unmapped: [],
    },
    { name: 'English headers', headers: ['id', 'lon', 'lat', 'people'], expected: { id: 'id', lon: 'lon', lat: 'lat', people: 'people' }, unmapped: [] },
    // X/Y in a Chinese register are projected metres: never guessed as degrees.
    { name: 'X and Y left for the user to name', headers: ['编号', 'X坐标', 'Y坐标', 'x', 'y'], expected: { id: '编号' }, unmapped: ['X坐标', 'Y坐标', 'x', 'y'] },
  ])('$name', ({ headers, expected, unmapped }) => {
    const got = guessRegisterMapping(headers, 'household', {});
    expect(got.mapping).toEqual(expected);
    expect(got.unmapped).toEqual(unmapped);
  });

  it('guesses facility names and categories, and lets the caller override a guess', () => {
    const got = guessRegisterMapping(['场所编号', '单位名称', '行业类别', '地址', '备用地址'], 'facility', { address: '备用地址' });
    expect(got.mapping).toEqual({ id: '场所编号', name: '单位名称', category: '行业类别', address: '备用地址' });
    expect(got.columns.find((c) => c.field === 'address')).toEqual({ field: 'address', column: '备用地址', how: 'given' });
    expect(got.unmapped).toEqual(['地址']);
  });
});

const table = (header: string[], ...rows: string[][]): RegisterTable => ({ source: 'test', header, rows: rows.map((cells, i) => ({ row: i + 2, cells })) });

describe('readRegisterRows', () => {
  it('reads rows with coordinates, with an address only, and with a grid only; keeps other columns as attrs', () => {
    const t = table(['户号', '经度', '纬度', '地址', '网格', '人数', '备注'], ['H1', '120.1', '30.1', '', '', '3', '独居'], ['H2', '', '', '和平路1号', '', '', ''], ['H3', '', '', '', 'G01', '2', '']);
    const got = readRegisterRows(t, 'household', { id: '户号', lon: '经度', lat: '纬度', address: '地址', grid: '网格', people: '人数' }, 'wgs84');
    expect(got.problems).toEqual([]);
    expect(got.rows.map((r) => [r.id, r.lon, r.lat, r.address, r.grid, r.people, r.attrs])).toEqual([
      ['H1', 120.1, 30.1, null, null, 3, { 备注: '独居' }],
      ['H2', null, null, '和平路1号', null, 1, {}],
      ['H3', null, null, null, 'G01', 2, {}],
    ]);
  });

  it('names the row and field of each bad row', () => {
    const t = table(['户号', '经度', '纬度', '人数'], ['H1', 'abc', '30', '1'], ['H1', '120', '30', '1'], ['H1', '120', '30', '-1'], ['H4', '120', '', '1'], ['', '120', '30', '1'], ['H6', '', '', '']);
    const got = readRegisterRows(t, 'household', { id: '户号', lon: '经度', lat: '纬度', people: '人数' }, 'wgs84');
    expect(got.rows.map((r) => r.id)).toEqual(['H1']);
    expect(got.problems.map((p) => [p.row, p.field])).toEqual([[2, 'lon'], [4, 'id'], [4, 'people'], [5, 'lat'], [6, 'id'], [7, 'lon']]);
    expect(got.problems[5].problem).toMatch(/nothing to place the row by/);
  });

  it('refuses a formula where a number belongs, naming the cell', () => {
    const t: RegisterTable = { source: 'xlsx', header: ['户号', '人数', '地址'], rows: [{ row: 5, cells: ['H1', '4', '和平路1号'], formulas: new Map([[1, 'B5: =2+2']]) }] };
    const got = readRegisterRows(t, 'household', { id: '户号', people: '人数', address: '地址' }, 'wgs84');
    expect(got.rows).toEqual([]);
    expect(got.problems).toHaveLength(1);
    expect(got.problems[0]).toMatchObject({ row: 5, field: 'people' });
    expect(got.problems[0].problem).toContain('B5: =2+2');
  });

  it('is fatal when the mapping names a column the file lacks or finds no id', () => {
    expect(readRegisterRows(table(['地址'], ['a']), 'household', { address: '地址' }, 'wgs84').fatal[0].field).toBe('id');
    expect(readRegisterRows(table(['户号'], ['a']), 'household', { id: '户号', address: '住址' }, 'wgs84').fatal[0].problem).toMatch(/"住址", which the file does not have/);
  });
});
