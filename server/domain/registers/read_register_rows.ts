import type { Problem } from '../../errors.ts';
import type { SourceCrs } from '../coordinates/parse_crs.ts';
import { toWgs84 } from '../coordinates/to_wgs84.ts';
import type { RegisterKind, RegisterMapping, RegisterField } from './guess_register_mapping.ts';
import type { RegisterTable } from './register_table.ts';

/** One register row as read: coordinates in WGS84 when it has them. */
export interface RegisterRow {
  /** The row as a person numbers it in the file (the header is row 1). */
  row: number;
  id: string;
  lon: number | null;
  lat: number | null;
  address: string | null;
  /** The grid the row names (所属网格), as written: a code or a name. */
  grid: string | null;
  people: number;
  floating: number;
  flags: string[];
  head_name: string | null;
  phone: string | null;
  name: string | null;
  category: string | null;
  /** The building (楼栋) and unit (单元) of a standard address. */
  building: string | null;
  unit: string | null;
  /** The columns no field took, by header. */
  attrs: Record<string, string>;
}

export interface RegisterRowProblem extends Problem {
  row: number;
}

const NUMERIC: readonly RegisterField[] = ['lon', 'lat', 'people', 'floating'];
const FLAG = /^[a-z][a-z0-9_]*$/;

/**
 * Reads the rows of a household, facility or standard address register through a confirmed column mapping. Each
 * bad row is reported with its row number, field and reason (a formula where a number belongs,
 * by its cell); the caller decides whether to refuse the file or take the good rows. A row needs
 * an id and something to place it by: coordinates, an address or a grid. Problems with the
 * mapping itself (a column the file does not have, no id column) are `fatal`.
 *
 * @example
 * readRegisterRows({ source: 'csv', header: ['户号', '地址'], rows: [{ row: 2, cells: ['H1', '和平路1号'] }] }, 'household', { id: '户号', address: '地址' }, 'wgs84')
 * // rows: [{ row: 2, id: 'H1', address: '和平路1号', lon: null, … }], problems: [], fatal: []
 */
export function readRegisterRows(table: RegisterTable, kind: RegisterKind, mapping: RegisterMapping, crs: SourceCrs): { rows: RegisterRow[]; problems: RegisterRowProblem[]; fatal: Problem[] } {
  const out = { rows: [] as RegisterRow[], problems: [] as RegisterRowProblem[], fatal: [] as Problem[] };
  const at = new Map(table.header.map((h, i) => [h, i]));
  for (const [field, column] of Object.entries(mapping)) {
    if (!at.has(column)) out.fatal.push({ field, problem: `mapping: ${field} names column "${column}", which the file does not have (its columns: ${table.header.join(', ') || 'none'})` });
  }
  if (!mapping.id) out.fatal.push({ field: 'id', problem: `no column was found for the id (户编号/编号); name it in the mapping (its columns: ${table.header.join(', ') || 'none'})` });
  if (kind === 'facility' && (!mapping.name || !mapping.category)) out.fatal.push({ field: !mapping.name ? 'name' : 'category', problem: 'a facility register needs its name (名称) and category (类别) columns; name them in the mapping' });
  if (kind === 'address' && (!mapping.address || !mapping.lon)) out.fatal.push({ field: !mapping.address ? 'address' : 'lon', problem: 'a standard address register needs its address (标准地址) and coordinates (经度, 纬度); name them in the mapping' });
  if (Boolean(mapping.lon) !== Boolean(mapping.lat)) out.fatal.push({ field: mapping.lon ? 'lat' : 'lon', problem: 'longitude and latitude come as a pair: map both or neither' });
  if (out.fatal.length) return out;

  const pos = new Map(Object.entries(mapping).map(([f, c]) => [f as RegisterField, at.get(c)!]));
  const mapped = new Set(pos.values());
  const extra = table.header.map((h, i) => [h, i] as const).filter(([, i]) => !mapped.has(i));
  const seen = new Map<string, number>();
  for (const r of table.rows) {
    const before = out.problems.length;
    const bad = (field: string, problem: string) => out.problems.push({ index: r.row - 2, row: r.row, field, problem: `row ${r.row}, ${field}: ${problem}` });
    const get = (f: RegisterField) => {
      const i = pos.get(f);
      const v = i === undefined ? '' : (r.cells[i] ?? '').trim();
      return v === '' ? null : v;
    };
    for (const f of NUMERIC) {
      const formula = pos.has(f) ? r.formulas?.get(pos.get(f)!) : undefined;
      if (formula) bad(f, `cell ${formula} is a formula where a number belongs; paste the values (Paste Special → Values) and send the file again`);
    }
    const id = get('id');
    if (!id) bad('id', `no id (expected a value in "${mapping.id}")`);
    else if (seen.has(id)) bad('id', `id "${id}" appears again (first on row ${seen.get(id)})`);
    const lonText = get('lon');
    const latText = get('lat');
    let lon: number | null = null;
    let lat: number | null = null;
    if (lonText !== null || latText !== null) {
      lon = Number(lonText);
      lat = Number(latText);
      if (lonText === null || latText === null) bad(lonText === null ? 'lon' : 'lat', 'has one coordinate without the other');
      else if (!Number.isFinite(lon) || lon < -180 || lon > 180) bad('lon', `longitude "${lonText}" is not a number from -180 to 180`);
      else if (!Number.isFinite(lat) || lat < -90 || lat > 90) bad('lat', `latitude "${latText}" is not a number from -90 to 90`);
    }
    const people = count(get('people'), 1, (p) => bad('people', p));
    const floating = count(get('floating'), 0, (p) => bad('floating', p));
    const flagText = get('flags');
    const flags = flagText ? flagText.split(/[;|；、]/).map((s) => s.trim()).filter(Boolean) : [];
    const wrongFlag = flags.find((f) => !FLAG.test(f));
    if (wrongFlag) bad('flags', `"${wrongFlag}" is not a flag (lowercase words joined by _, e.g. elderly_alone)`);
    const name = get('name');
    const category = get('category');
    if (kind === 'facility' && !name) bad('name', `no name (expected a value in "${mapping.name}")`);
    if (kind === 'facility' && !category) bad('category', `no category (expected a value in "${mapping.category}")`);
    const address = get('address');
    const grid = get('grid');
    if (kind === 'address' && !address) bad('address', `no address (expected a value in "${mapping.address}")`);
    if (kind === 'address' && lonText === null && latText === null) bad('lon', 'a standard address needs its coordinates');
    else if (lonText === null && latText === null && !address && !grid) bad('lon', 'nothing to place the row by: no coordinates, no address and no grid');
    if (out.problems.length > before || !id) continue;
    seen.set(id, r.row);
    if (lon !== null && lat !== null) [lon, lat] = toWgs84(lon, lat, crs);
    const attrs: Record<string, string> = {};
    for (const [h, i] of extra) if (r.cells[i]) attrs[h] = r.cells[i];
    out.rows.push({ row: r.row, id, lon, lat, address, grid, people, floating, flags, head_name: get('head_name'), phone: get('phone'), name, category, building: get('building'), unit: get('unit'), attrs });
  }
  return out;
}

function count(v: string | null, fallback: number, bad: (problem: string) => void): number {
  if (v === null) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 10_000) {
    bad(`"${v}" is not a whole number from 0 to 10000`);
    return fallback;
  }
  return n;
}
