import type { Db, Queryable } from '../../db/db.ts';
import { ValidationError } from '../../errors.ts';
import { parseCrs, CRS_NAMES } from '../../domain/coordinates/parse_crs.ts';
import { guessRegisterMapping, type GuessedColumn, type RegisterMapping } from '../../domain/registers/guess_register_mapping.ts';
import { readRegisterRows, type RegisterRowProblem } from '../../domain/registers/read_register_rows.ts';
import { addressKey } from '../../domain/addresses/address_key.ts';
import { selectPrefixNames } from '../../db/queries/select_prefix_names.ts';
import { upsertAddressPoints } from '../../db/queries/upsert_address_points.ts';
import { resolveRegion } from '../import_points.ts';
import { assignToCells } from '../assign_to_cells.ts';
import { readRegisterTable } from './read_register_table.ts';
import { checkThenWrite } from './check_then_write.ts';

export interface ImportAddressesOptions {
  charset?: string;
  mapping?: RegisterMapping;
  dryRun?: boolean;
  crs?: string;
  region?: string;
  onError?: 'refuse' | 'skip';
  /** The caller's access check and audit entry, in the import's transaction (rolled back on a dry run). */
  beforeWrite?: (tx: Queryable, rows: { region: string; id: string; cell_id: number | null }[]) => Promise<void>;
}

export interface ImportAddressesResult {
  region: string;
  dry_run: boolean;
  source: string;
  columns: GuessedColumn[];
  unmapped: string[];
  rows: number;
  written: number;
  /** Standard addresses sharing one normalised key: a register row naming it is ambiguous. */
  duplicate_keys: number;
  problems: RegisterRowProblem[];
}

/**
 * Imports the town's standard address register (四标四实 标准地址) from .xlsx or CSV: each row an
 * address point with its building and unit, stored with the key register rows are matched by
 * (addressKey, dropping the names of the town and its communities) and the cell it lies in, in
 * one transaction. Bad rows refuse the file unless `onError` is `skip`; a dry run writes nothing.
 */
export async function importAddresses(db: Db, bytes: Uint8Array, options: ImportAddressesOptions = {}): Promise<ImportAddressesResult> {
  const what = 'Standard address import';
  const crs = parseCrs(options.crs);
  if (!crs) throw new ValidationError(`${what} refused: unknown coordinate system "${options.crs}"; use one of ${CRS_NAMES.join(', ')}. Nothing was written.`, [{ field: 'crs', problem: `unknown coordinate system "${options.crs}"` }]);
  const table = await readRegisterTable(bytes, options.charset);
  const guess = guessRegisterMapping(table.header, 'address', options.mapping ?? {});
  const read = readRegisterRows(table, 'address', guess.mapping, crs);
  if (read.fatal.length) throw new ValidationError(`${what} refused: ${read.fatal[0].problem}. Nothing was written.`, read.fatal);
  const region = await resolveRegion(db, options.region, what);
  const prefixes = await selectPrefixNames(db, region);
  const { rows } = read;
  const keys = rows.map((r) => addressKey(r.address!, r.building, r.unit, { prefixes }));
  const result: ImportAddressesResult = {
    region, dry_run: Boolean(options.dryRun), source: table.source, columns: guess.columns, unmapped: guess.unmapped,
    rows: table.rows.length, written: 0, duplicate_keys: keys.length - new Set(keys).size, problems: read.problems,
  };
  if (read.problems.length && options.onError !== 'skip' && !options.dryRun) {
    const more = read.problems.length > 1 ? `, and ${read.problems.length - 1} more bad row(s)` : '';
    throw new ValidationError(`${what} refused: ${read.problems[0].problem}${more}. Nothing was written.`, read.problems);
  }
  if (!options.dryRun && rows.length === 0) throw new ValidationError(`${what} refused: no good rows to import. Nothing was written.`, read.problems.length ? read.problems : [{ problem: 'the file holds no rows' }]);
  const { assigned } = await assignToCells(db, Float64Array.from(rows, (r) => r.lon!), Float64Array.from(rows, (r) => r.lat!));
  const writes = rows.map((r, k) => ({ id: r.id, address: r.address!, norm: keys[k], building: r.building, unit: r.unit, attrs: r.attrs, lon: r.lon!, lat: r.lat!, cell_id: assigned[k].cell_id }));
  await checkThenWrite(
    db,
    options.dryRun,
    async (tx) => options.beforeWrite?.(tx, writes.map((w) => ({ region, id: w.id, cell_id: w.cell_id }))),
    async (tx) => {
      result.written = await upsertAddressPoints(tx, region, writes);
    },
  );
  return result;
}
