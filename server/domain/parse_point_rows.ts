import { parse as parseCsv } from 'csv-parse/sync';
import type { Problem } from '../errors.ts';
import type { SourceCrs } from './coordinates/parse_crs.ts';
import { toWgs84 } from './coordinates/to_wgs84.ts';

export type PointKind = 'household' | 'facility';

/** Which column (CSV) or property (GeoJSON) holds each field; lon/lat only for CSV. */
export interface PointMapping {
  id?: string;
  lon?: string;
  lat?: string;
  address?: string;
  people?: string;
  floating?: string;
  flags?: string;
  name?: string;
  category?: string;
  head_name?: string;
  phone?: string;
}

/** One good row, in WGS84. */
export interface ParsedPoint {
  /** 0-based position among the data rows or features. */
  index: number;
  id: string;
  lon: number;
  lat: number;
  address: string | null;
  people: number;
  floating: number;
  flags: string[];
  name: string | null;
  category: string | null;
  head_name: string | null;
  phone: string | null;
  attrs: Record<string, unknown>;
}

/** A bad row: `row` is the line in a CSV file (the header is row 1) or the feature's 0-based index. */
export interface PointProblem extends Problem {
  index: number;
  row: number;
}

export interface ParsedPoints {
  points: ParsedPoint[];
  /** Rows that cannot be taken, each with its row and reason. */
  problems: PointProblem[];
  /** Problems with the input as a whole (not a FeatureCollection, a CSV without the named columns). */
  fatal: Problem[];
}

const FIELDS = ['id', 'lon', 'lat', 'address', 'people', 'floating', 'flags', 'name', 'category', 'head_name', 'phone'] as const;
const FLAG = /^[a-z][a-z0-9_]*$/;

/**
 * Reads households or facilities from a GeoJSON FeatureCollection of Points or from CSV text with
 * lon/lat columns, converting from `crs` to WGS84. Every bad row is reported with its row number
 * and reason; the caller refuses the whole import or takes the good rows.
 *
 * @example
 * parsePointRows({ csv: 'id,lon,lat\nH1,120.08,29.30\nH2,abc,29.30' }, 'household', {}, 'wgs84')
 * // points: [H1], problems: [{ index: 1, row: 3, field: 'lon', problem: 'lon "abc" is not a number' }]
 */
export function parsePointRows(input: { geojson: unknown } | { csv: string }, kind: PointKind, mapping: PointMapping, crs: SourceCrs): ParsedPoints {
  const col = Object.fromEntries(FIELDS.map((f) => [f, mapping[f] ?? f])) as Record<(typeof FIELDS)[number], string>;
  const out: ParsedPoints = { points: [], problems: [], fatal: [] };
  const seen = new Map<string, number>();
  const mapped = new Set(Object.values(col));

  const csv = 'csv' in input;
  type Field = (typeof FIELDS)[number];
  const take = (index: number, row: number, get: (field: Field) => unknown, coords: [unknown, unknown], rest: () => Record<string, unknown>) => {
    const bad = (field: string, problem: string) => out.problems.push({ index, row, field, problem, ...(idText ? { code: idText } : {}) });
    const raw = get('id');
    const idText = raw === undefined || raw === null ? '' : String(raw).trim();
    const before = out.problems.length;
    if (!idText) bad(col.id, `no id (expected a value in "${col.id}")`);
    else if (seen.has(idText)) bad(col.id, `duplicate id "${idText}": it is also row ${seen.get(idText)}`);
    const lon = readNumber(coords[0], 'lon', csv, bad);
    const lat = readNumber(coords[1], 'lat', csv, bad);
    if (lon !== null && (lon < -180 || lon > 180)) bad('lon', `lon ${lon} is out of range -180…180`);
    if (lat !== null && (lat < -90 || lat > 90)) bad('lat', `lat ${lat} is out of range -90…90`);
    const people = readCount(get('people'), col.people, kind === 'household' ? 1 : 0, bad);
    const floating = readCount(get('floating'), col.floating, 0, bad);
    const flags = readFlags(get('flags'), col.flags, bad);
    const name = text(get('name'));
    const category = text(get('category'));
    if (kind === 'facility' && !name) bad(col.name, `no name (expected a value in "${col.name}")`);
    if (kind === 'facility' && !category) bad(col.category, `no category (expected a value in "${col.category}")`);
    if (out.problems.length > before || lon === null || lat === null) return;
    seen.set(idText, row);
    const [x, y] = toWgs84(lon, lat, crs);
    out.points.push({
      index, id: idText, lon: x, lat: y, address: text(get('address')), people, floating, flags, name, category,
      head_name: text(get('head_name')), phone: text(get('phone')), attrs: rest(),
    });
  };

  if ('csv' in input) {
    let records: string[][];
    try {
      // Text without a quote character needs no CSV state machine: splitting it is several times
      // faster than csv-parse and gives the same records (trimmed, empty lines skipped).
      records = input.csv.includes('"') ? parseCsv(input.csv, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }) : splitPlainCsv(input.csv);
    } catch (err) {
      out.fatal.push({ problem: `the CSV cannot be read: ${(err as Error).message}` });
      return out;
    }
    const header = records[0] ?? [];
    const at = new Map(header.map((h, i) => [h, i]));
    const required = [col.id, col.lon, col.lat, ...(kind === 'facility' ? [col.name, col.category] : [])];
    const absent = required.filter((c) => !at.has(c));
    if (absent.length) {
      out.fatal.push({ field: absent.join(', '), problem: `the CSV has no column ${absent.map((c) => `"${c}"`).join(', ')} (its columns: ${header.join(', ') || 'none'}); name the columns with the mapping parameters (id_field, lon_field, lat_field …)` });
      return out;
    }
    const lonAt = at.get(col.lon)!;
    const latAt = at.get(col.lat)!;
    // Column positions looked up once, not per row and field.
    const pos = Object.fromEntries(FIELDS.map((f) => [f, at.get(col[f]) ?? -1])) as Record<Field, number>;
    const extra = header.map((h, i) => [h, i] as const).filter(([h]) => !mapped.has(h));
    const none = () => ({});
    for (let i = 1; i < records.length; i++) {
      const rec = records[i];
      const get = (field: Field) => {
        const v = pos[field] < 0 ? undefined : rec[pos[field]];
        return v === '' ? undefined : v;
      };
      const rest = extra.length ? () => Object.fromEntries(extra.filter(([, j]) => rec[j] !== undefined && rec[j] !== '').map(([h, j]) => [h, rec[j]])) : none;
      take(i - 1, i + 1, get, [rec[lonAt], rec[latAt]], rest);
    }
    return out;
  }

  const fc = input.geojson as { type?: unknown; features?: unknown };
  if (!fc || typeof fc !== 'object' || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    out.fatal.push({ problem: `expected a GeoJSON FeatureCollection of Points, got ${fc && typeof fc === 'object' ? `type "${String(fc.type)}"` : typeof fc}` });
    return out;
  }
  fc.features.forEach((f: any, i: number) => {
    const props: Record<string, unknown> = f?.properties ?? {};
    const get = (field: Field) => (field === 'id' ? (props[col.id] ?? f?.id) : props[col[field]]);
    if (f?.geometry?.type !== 'Point' || !Array.isArray(f.geometry.coordinates)) {
      out.problems.push({ index: i, row: i, field: 'geometry', problem: `expected a Point geometry, got ${f?.geometry ? `"${f.geometry.type}"` : 'none'}` });
      return;
    }
    const [x, y] = f.geometry.coordinates;
    take(i, i, get, [x, y], () => Object.fromEntries(Object.entries(props).filter(([k]) => !mapped.has(k))));
  });
  return out;
}

/** Records of CSV text that holds no quotes: lines split on commas, cells trimmed, blank lines dropped. */
function splitPlainCsv(csv: string): string[][] {
  const body = csv.charCodeAt(0) === 0xfeff ? csv.slice(1) : csv;
  const records: string[][] = [];
  for (const line of body.split('\n')) {
    if (line.trim() === '') continue;
    const cells = line.split(',');
    for (let i = 0; i < cells.length; i++) cells[i] = cells[i].trim();
    records.push(cells);
  }
  return records;
}

function text(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
}

/** A coordinate: CSV cells are text to read as numbers; GeoJSON coordinates must be JSON numbers. */
function readNumber(v: unknown, field: 'lon' | 'lat', fromText: boolean, bad: (field: string, problem: string) => void): number | null {
  if (v === undefined || v === null || v === '') {
    bad(field, `no ${field} coordinate`);
    return null;
  }
  const n = typeof v === 'number' ? v : typeof v === 'string' && fromText ? Number(v) : NaN;
  if (!Number.isFinite(n)) {
    bad(field, `${field} ${JSON.stringify(v)} is not a number`);
    return null;
  }
  return n;
}

function readCount(v: unknown, field: string, fallback: number, bad: (field: string, problem: string) => void): number {
  if (v === undefined || v === null || v === '') return fallback;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 10_000) {
    bad(field, `${field} ${JSON.stringify(v)} is not a whole number from 0 to 10000`);
    return fallback;
  }
  return n;
}

/** Flags as an array, or in a CSV cell separated by `;` or `|`: elderly_alone;disabled. */
function readFlags(v: unknown, field: string, bad: (field: string, problem: string) => void): string[] {
  if (v === undefined || v === null || v === '') return [];
  const list = Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[;|]/).map((s) => s.trim()).filter(Boolean) : null;
  const wrong = list ? list.filter((s) => typeof s !== 'string' || !FLAG.test(s)) : [v];
  if (!list || wrong.length) {
    bad(field, `${field} ${JSON.stringify(wrong.length ? wrong[0] : v)} is not a flag (lowercase words joined by _, e.g. elderly_alone)`);
    return [];
  }
  return list as string[];
}
