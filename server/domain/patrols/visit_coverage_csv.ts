import { csvLine } from '../csv_cell.ts';

/** One area's visit coverage (走访覆盖率): units visited since a time, of all its units. */
export interface VisitCoverage {
  code: string;
  name: string;
  level: string;
  units: number;
  visited: number;
  visits: number;
}

/** visited / units, 0 for an area without units (nothing to visit is not a gap). */
export function coverageRatio(c: { units: number; visited: number }): number {
  return c.units === 0 ? 0 : c.visited / c.units;
}

/**
 * The coverage rows as CSV (RFC 4180, fields through csvCell), one line per area, the ratio with
 * three decimals.
 *
 *   visitCoverageCsv([{ code: 'G1', name: '一网格', level: 'grid', units: 4, visited: 3, visits: 5 }])
 *   // → 'code,name,level,units,units_visited,visits,coverage\r\nG1,一网格,grid,4,3,5,0.750\r\n'
 */
export function visitCoverageCsv(rows: readonly VisitCoverage[]): string {
  const header = ['code', 'name', 'level', 'units', 'units_visited', 'visits', 'coverage'];
  const lines = rows.map((r) => csvLine([r.code, r.name, r.level, r.units, r.visited, r.visits, coverageRatio(r).toFixed(3)]));
  return [csvLine(header), ...lines].join('\r\n') + '\r\n';
}
