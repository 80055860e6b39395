import { parse } from 'csv-parse/sync';
import type { Problem } from '../../errors.ts';
import type { Assignment } from './assignment_problems.ts';
import { areaCodeProblem } from '../area_code.ts';

/**
 * Reads an assignment table: a header naming `unit_code` and `grid_code` (other columns, such as
 * the names an export writes, are ignored), then one row per unit. A UTF-8 BOM is accepted. A
 * grid code the draft does not hold makes a new grid, so it must fit the codes' alphabet.
 *
 * @example parseAssignmentCsv('unit_code,grid_code\nU1,G2\n') // { rows: [{ unit_code: 'U1', grid_code: 'G2' }], problems: [] }
 */
export function parseAssignmentCsv(text: string): { rows: Assignment[]; problems: Problem[] } {
  let records: Record<string, string>[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch (e) {
    return { rows: [], problems: [{ field: 'body', problem: `not readable as CSV: ${(e as Error).message}` }] };
  }
  if (records.length === 0) return { rows: [], problems: [{ field: 'body', problem: 'no rows: expected a header unit_code,grid_code and one row per unit' }] };
  const missing = ['unit_code', 'grid_code'].filter((c) => !(c in records[0]));
  if (missing.length) return { rows: [], problems: missing.map((c) => ({ field: c, problem: `the header has no ${c} column (found: ${Object.keys(records[0]).join(', ')})` })) };
  const rows = records.map((r) => ({ unit_code: r.unit_code ?? '', grid_code: r.grid_code ?? '' }));
  const problems = rows.flatMap((r, index) => {
    const problem = r.grid_code === '' ? null : areaCodeProblem(r.grid_code);
    return problem ? [{ index, code: r.grid_code, field: 'grid_code', problem: `row ${index + 1}: ${problem}` }] : [];
  });
  return { rows: problems.length ? [] : rows, problems };
}
