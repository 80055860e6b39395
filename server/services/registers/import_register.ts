import type { Db, Queryable } from '../../db/db.ts';
import { ValidationError, type Problem } from '../../errors.ts';
import { parseCrs, CRS_NAMES } from '../../domain/coordinates/parse_crs.ts';
import type { AssignmentStatus } from '../../domain/assign/locate_point.ts';
import { guessRegisterMapping, type GuessedColumn, type RegisterKind, type RegisterMapping } from '../../domain/registers/guess_register_mapping.ts';
import { readRegisterRows, type RegisterRow, type RegisterRowProblem } from '../../domain/registers/read_register_rows.ts';
import { normaliseAddress } from '../../domain/addresses/normalise_address.ts';
import { addressMatcher } from '../../domain/addresses/match_addresses.ts';
import { selectNamedCells } from '../../db/queries/select_named_cells.ts';
import { selectPrefixNames } from '../../db/queries/select_prefix_names.ts';
import { selectAddressPoints } from '../../db/queries/select_address_points.ts';
import { upsertHouseholds } from '../../db/queries/upsert_households.ts';
import { upsertFacilities } from '../../db/queries/upsert_facilities.ts';
import { upsertUnplacedRows, type UnplacedRow } from '../../db/queries/upsert_unplaced_rows.ts';
import { resolveRegion } from '../import_points.ts';
import { assignToCells, type CellAssignment } from '../assign_to_cells.ts';
import { emitPointsChanged } from '../point_changes.ts';
import { readRegisterTable } from './read_register_table.ts';
import { checkThenWrite } from './check_then_write.ts';

export interface ImportRegisterOptions {
  /** The text encoding of a CSV (gbk, gb18030, utf-8); detected when absent. */
  charset?: string;
  /** Columns the caller names, over the guesses. */
  mapping?: RegisterMapping;
  /** Read, check, place and answer what would be written, writing nothing. */
  dryRun?: boolean;
  crs?: string;
  region?: string;
  onError?: 'refuse' | 'skip';
  nearEdgeM?: number;
  /**
   * The caller's access check and audit entry, run in the import's transaction (rolled back on a
   * dry run) with every row it would write: placed rows with their cell, unplaced rows with their grid.
   */
  beforeWrite?: (tx: Queryable, rows: { region: string; id: string; cell_id: number | null }[], counts: Record<string, number>) => Promise<void>;
}

/** One row's address as matched against the standard address register, for a person to settle. */
export interface AddressReport {
  row: number;
  id: string;
  address: string;
  status: 'matched' | 'ambiguous' | 'unmatched';
  how?: 'exact' | 'building' | 'fuzzy';
  score?: number;
  /** The standard address it was placed at (matched), or those it might be (ambiguous). */
  candidates: { id: string; address: string }[];
  /** Kept in the grid it names, unplaced, because no one address was found. */
  kept_in_grid?: string;
}

export interface ImportRegisterResult {
  region: string;
  dry_run: boolean;
  source: string;
  /** The mapping used, with how each column was found: the user confirms it (or names others). */
  columns: GuessedColumn[];
  unmapped: string[];
  rows: number;
  written: number;
  placed: { by_coordinates: number; by_address: number; unplaced_in_grid: number };
  counts: Record<AssignmentStatus, number>;
  addresses: { matched: number; ambiguous: number; unmatched: number; rows: AddressReport[] };
  /** Rows that cannot be taken: the whole import is refused for them unless on_error=skip. */
  problems: RegisterRowProblem[];
  /** Where the time went, in milliseconds: reading the file, reading the rows, placing them, writing them. */
  ms: { read: number; rows: number; place: number; store: number };
}

/** The registers of points placed in cells: households and facilities. */
type PointRegister = Exclude<RegisterKind, 'address'>;

/**
 * Imports a household or facility register from .xlsx or CSV (any encoding decodeText reads):
 * reads the table, guesses the column mapping from its headers (the caller's mapping wins),
 * places each row — by its coordinates; else by its address matched to the standard address
 * register (exact, building, then fuzzy); else, when it names its grid, keeps it in that grid
 * unplaced — assigns placed rows to their cells and writes everything in one transaction. A
 * dry run answers the same report and writes nothing. Rows that cannot be taken refuse the whole
 * import (a ValidationError listing every row) unless `onError` is `skip`.
 */
export async function importRegister(db: Db, kind: PointRegister, bytes: Uint8Array, options: ImportRegisterOptions = {}): Promise<ImportRegisterResult> {
  const what = kind === 'household' ? 'Household register import' : 'Facility register import';
  const crs = parseCrs(options.crs);
  if (!crs) throw new ValidationError(`${what} refused: unknown coordinate system "${options.crs}"; use one of ${CRS_NAMES.join(', ')}. Nothing was written.`, [{ field: 'crs', problem: `unknown coordinate system "${options.crs}"` }]);
  const started = performance.now();
  const table = await readRegisterTable(bytes, options.charset);
  const readAt = performance.now();
  const guess = guessRegisterMapping(table.header, kind, options.mapping ?? {});
  const read = readRegisterRows(table, kind, guess.mapping, crs);
  const rowsAt = performance.now();
  if (read.fatal.length) throw new ValidationError(`${what} refused: ${read.fatal[0].problem}. Nothing was written.`, read.fatal);
  const region = await resolveRegion(db, options.region, what);
  const problems = [...read.problems];

  // Grids named by code or name: a name must name one area.
  const gridNames = [...new Set(read.rows.map((r) => r.grid).filter((g): g is string => g !== null))];
  const cells = gridNames.length ? await selectNamedCells(db, region, gridNames) : [];
  const gridOf = new Map<string, { id: number; code: string }[]>();
  for (const c of cells) for (const key of new Set([c.code, c.name])) if (gridNames.includes(key)) gridOf.set(key, [...(gridOf.get(key) ?? []), c]);

  // Addresses matched for rows with no coordinates, against the tree's standard addresses.
  const byAddress = read.rows.filter((r) => r.lon === null && r.address !== null);
  const reports: AddressReport[] = [];
  const placedAt = new Map<RegisterRow, { lon: number; lat: number }>();
  if (byAddress.length) {
    const [points, prefixes] = await Promise.all([selectAddressPoints(db, region), selectPrefixNames(db, region)]);
    const match = addressMatcher(points.map((p) => p.norm));
    for (const r of byAddress) {
      const m = match(normaliseAddress(r.address!, { prefixes }));
      const ids = m.status === 'matched' ? [m.address] : m.status === 'ambiguous' ? m.candidates : [];
      reports.push({ row: r.row, id: r.id, address: r.address!, status: m.status, ...(m.status === 'matched' ? { how: m.how, score: m.score } : {}), candidates: ids.map((i) => ({ id: points[i].id, address: points[i].address })) });
      if (m.status === 'matched') placedAt.set(r, { lon: points[m.address].lon, lat: points[m.address].lat });
    }
  }

  const placed: { row: RegisterRow; lon: number; lat: number }[] = [];
  const unplaced: { row: RegisterRow; cell: { id: number; code: string } }[] = [];
  const reportOf = new Map(reports.map((a) => [a.row, a]));
  for (const r of read.rows) {
    const at = r.lon !== null && r.lat !== null ? { lon: r.lon, lat: r.lat } : placedAt.get(r);
    if (at) {
      placed.push({ row: r, ...at });
      continue;
    }
    const grid = r.grid ? gridOf.get(r.grid) : undefined;
    const report = reportOf.get(r.row);
    if (grid?.length === 1) {
      unplaced.push({ row: r, cell: grid[0] });
      if (report) report.kept_in_grid = grid[0].code;
    } else if (r.grid && !grid) {
      problems.push({ index: r.row - 2, row: r.row, field: 'grid', problem: `row ${r.row}, grid: no area of ${region} has the code or name "${r.grid}"` });
    } else if (grid && grid.length > 1) {
      problems.push({ index: r.row - 2, row: r.row, field: 'grid', problem: `row ${r.row}, grid: "${r.grid}" names ${grid.length} areas (${grid.map((g) => g.code).join(', ')}); write the grid's code` });
    } else if (report) {
      const more = report.candidates.length ? ` (it might be: ${report.candidates.map((c) => c.address).join('; ')})` : '';
      problems.push({ index: r.row - 2, row: r.row, field: 'address', problem: `row ${r.row}, address: "${r.address}" is ${report.status === 'ambiguous' ? 'ambiguous' : 'not in the standard address register'}${more}; add coordinates, the grid, or a standard address` });
    }
  }
  problems.sort((a, b) => a.row - b.row);
  const { assigned, counts } = await assignToCells(db, Float64Array.from(placed, (p) => p.lon), Float64Array.from(placed, (p) => p.lat), options.nearEdgeM);

  const result: ImportRegisterResult = {
    region,
    dry_run: Boolean(options.dryRun),
    source: table.source,
    columns: guess.columns,
    unmapped: guess.unmapped,
    rows: table.rows.length,
    written: 0,
    placed: { by_coordinates: placed.length - placedAt.size, by_address: placedAt.size, unplaced_in_grid: unplaced.length },
    counts,
    addresses: { matched: reports.filter((a) => a.status === 'matched').length, ambiguous: reports.filter((a) => a.status === 'ambiguous').length, unmatched: reports.filter((a) => a.status === 'unmatched').length, rows: reports },
    problems,
    ms: { read: readAt - started, rows: rowsAt - readAt, place: performance.now() - rowsAt, store: 0 },
  };
  if (problems.length && options.onError !== 'skip' && !options.dryRun) {
    const more = problems.length > 1 ? `, and ${problems.length - 1} more bad row(s)` : '';
    throw new ValidationError(`${what} refused: ${problems[0].problem}${more}. Nothing was written; fix the rows, or import with on_error=skip to take the good ones.`, problems);
  }
  if (!options.dryRun && placed.length + unplaced.length === 0) throw new ValidationError(`${what} refused: no good rows to import. Nothing was written.`, problems.length ? problems : [{ problem: 'the file holds no rows' } as Problem]);

  const written = toRows(kind, region, placed, assigned);
  const kept: UnplacedRow[] = unplaced.map(({ row, cell }) => ({ region, kind, id: row.id, cell_id: cell.id, address: row.address, fields: fieldsOf(kind, row) }));
  const storeFrom = performance.now();
  const checked = [...written.map((w) => ({ region, id: w.id, cell_id: w.cell_id })), ...kept.map((k) => ({ region, id: k.id, cell_id: k.cell_id }))];
  await checkThenWrite(
    db,
    options.dryRun,
    async (tx) => options.beforeWrite?.(tx, checked, { ...counts, unplaced_in_grid: unplaced.length }),
    async (tx) => {
      result.written += kind === 'household' ? await upsertHouseholds(tx, written as Parameters<typeof upsertHouseholds>[1]) : await upsertFacilities(tx, written as Parameters<typeof upsertFacilities>[1]);
      result.written += await upsertUnplacedRows(tx, kind, region, kept, written.map((w) => w.id));
    },
  );
  result.ms.store = performance.now() - storeFrom;
  if (!options.dryRun && written.length) emitPointsChanged(db, { layer: kind === 'household' ? 'households' : 'facilities', points: written });
  return result;
}

function toRows(kind: PointRegister, region: string, placed: { row: RegisterRow; lon: number; lat: number }[], assigned: CellAssignment[]) {
  return placed.map(({ row: r, lon, lat }, k) => {
    const a = assigned[k];
    return kind === 'household'
      ? { region, id: r.id, lon, lat, address: r.address, head_name: r.head_name, phone: r.phone, people: r.people, floating: r.floating, flags: r.flags, attrs: r.attrs, ...a }
      : { region, id: r.id, lon, lat, name: r.name!, category: r.category!, address: r.address, attrs: r.attrs, ...a };
  });
}

function fieldsOf(kind: PointRegister, r: RegisterRow): Record<string, unknown> {
  return kind === 'household'
    ? { head_name: r.head_name, phone: r.phone, people: r.people, floating: r.floating, flags: r.flags, attrs: r.attrs }
    : { name: r.name, category: r.category, attrs: r.attrs };
}
