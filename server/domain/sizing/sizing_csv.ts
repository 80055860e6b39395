import { csvLine } from '../csv_cell.ts';

export interface SizingCsvRow {
  code: string;
  name: string;
  kind: string;
  parent_code: string | null;
  households: number;
  people: number;
  floating: number;
  facilities: number;
  band: { min: number | null; max: number | null } | null;
  status: string;
  deviation: { households: number; percent: number | null };
  breaches: string[];
}

export const SIZING_CSV_COLUMNS = [
  'code', 'name', 'kind', 'parent_code', 'households', 'people', 'floating', 'facilities',
  'band_min', 'band_max', 'status', 'deviation_households', 'deviation_percent', 'breaches',
] as const;

/**
 * The sizing table as CSV (RFC 4180, CRLF), starting with a UTF-8 byte-order mark so that Excel
 * opens Chinese names correctly. Same columns, same order as the JSON cells.
 *
 * @example formatSizingCsv([row]).split('\r\n')[0] // '\uFEFFcode,name,kind,parent_code,households,…'
 */
export function formatSizingCsv(rows: readonly SizingCsvRow[]): string {
  const lines = [SIZING_CSV_COLUMNS.join(',')];
  for (const r of rows) {
    lines.push(
      csvLine([
        r.code, r.name, r.kind, r.parent_code, r.households, r.people, r.floating, r.facilities,
        r.band?.min, r.band?.max, r.status, r.deviation.households, r.deviation.percent, r.breaches.join(' '),
      ]),
    );
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
