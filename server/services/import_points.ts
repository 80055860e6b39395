import type { Db, Queryable } from '../db/db.ts';
import { ValidationError, type Problem } from '../errors.ts';
import { upsertFacilities } from '../db/queries/upsert_facilities.ts';
import { upsertHouseholds } from '../db/queries/upsert_households.ts';
import { selectRegions } from '../db/queries/select_regions.ts';
import { parseCrs, CRS_NAMES } from '../domain/coordinates/parse_crs.ts';
import { parsePointRows, type PointKind, type PointMapping, type PointProblem } from '../domain/parse_point_rows.ts';
import type { AssignmentStatus } from '../domain/assign/locate_point.ts';
import { assignToCells } from './assign_to_cells.ts';
import { emitPointsChanged } from './point_changes.ts';

export interface ImportPointsOptions {
  /** WGS84 (default), CGCS2000, GCJ-02 or BD-09: the service stores WGS84. */
  crs?: string;
  mapping?: PointMapping;
  /** `refuse` (default): any bad row refuses the whole file; `skip`: take the good, return the bad. */
  onError?: 'refuse' | 'skip';
  /** The tree (its root's code) the points belong to; may be left out when the database holds one. */
  region?: string;
  /** Near-edge distance in metres for this import (default GRIDWORK_NEAR_EDGE_M or 5). */
  nearEdgeM?: number;
  /** Called as rows are written: (done, total). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Runs inside the import's transaction before the rows are written, with each row's id and
   * assigned cell: the caller's access check and audit entry, which commit or roll back with it.
   */
  beforeWrite?: (tx: Queryable, rows: { region: string; id: string; cell_id: number | null }[], counts: Record<AssignmentStatus, number>) => Promise<void>;
}

export interface ImportPointsResult {
  region: string;
  written: number;
  counts: Record<AssignmentStatus, number>;
  /** Bad rows left out under on_error=skip, with their row numbers and reasons. */
  skipped: PointProblem[];
  /** Where the time went, in milliseconds: reading the rows, assigning them, writing them. */
  ms: { parse: number; assign: number; store: number };
}

const WRITE_BATCH = 50_000;

/**
 * Imports households or facilities (GeoJSON Points, or CSV text with lon/lat columns), assigns
 * each to its deepest cell with the in-memory engine, and upserts them in one transaction with
 * their assignment: re-importing an id updates it. Bad rows refuse the whole import (a
 * ValidationError with every row and reason) unless `onError` is `skip`.
 */
export async function importPoints(db: Db, kind: PointKind, body: { geojson: unknown } | { csv: string }, options: ImportPointsOptions = {}): Promise<ImportPointsResult> {
  const what = kind === 'household' ? 'Household import' : 'Facility import';
  const started = performance.now();
  const crs = parseCrs(options.crs);
  if (!crs) throw new ValidationError(`${what} refused: unknown coordinate system "${options.crs}"; use one of ${CRS_NAMES.join(', ')}. Nothing was written.`, [{ field: 'crs', problem: `unknown coordinate system "${options.crs}"` }]);
  const parsed = parsePointRows(body, kind, options.mapping ?? {}, crs);
  if (parsed.fatal.length) throw new ValidationError(`${what} refused: ${parsed.fatal[0].problem}. Nothing was written.`, parsed.fatal);
  if (parsed.problems.length && options.onError !== 'skip') {
    const p = parsed.problems[0];
    const more = parsed.problems.length > 1 ? `, and ${parsed.problems.length - 1} more bad row(s)` : '';
    throw new ValidationError(`${what} refused: ${'csv' in body ? 'row' : 'feature'} ${p.row}: ${p.problem}${more}. Nothing was written; fix the rows or import with on_error=skip.`, parsed.problems);
  }
  if (parsed.points.length === 0) throw new ValidationError(`${what} refused: no good rows to import. Nothing was written.`, parsed.problems.length ? parsed.problems : [{ problem: 'the input holds no rows' }]);
  const region = await resolveRegion(db, options.region, what);

  const parsedAt = performance.now();
  const { points } = parsed;
  const { assigned, counts } = await assignToCells(db, Float64Array.from(points, (p) => p.lon), Float64Array.from(points, (p) => p.lat), options.nearEdgeM);
  const rows = points.map((p, k) => {
    const a = assigned[k];
    return kind === 'household'
      ? { region, id: p.id, lon: p.lon, lat: p.lat, address: p.address, head_name: p.head_name, phone: p.phone, people: p.people, floating: p.floating, flags: p.flags, attrs: p.attrs, cell_id: a.cell_id, assignment: a.assignment, cell_candidates: a.cell_candidates }
      : { region, id: p.id, lon: p.lon, lat: p.lat, name: p.name!, category: p.category!, address: p.address, attrs: p.attrs, cell_id: a.cell_id, assignment: a.assignment, cell_candidates: a.cell_candidates };
  });
  const assignedAt = performance.now();
  let written = 0;
  await db.transaction(async (tx) => {
    await options.beforeWrite?.(tx, rows, counts);
    for (let i = 0; i < rows.length; i += WRITE_BATCH) {
      const part = rows.slice(i, i + WRITE_BATCH);
      written += kind === 'household' ? await upsertHouseholds(tx, part as Parameters<typeof upsertHouseholds>[1]) : await upsertFacilities(tx, part as Parameters<typeof upsertFacilities>[1]);
      options.onProgress?.(written, rows.length);
    }
  });
  emitPointsChanged(db, { layer: kind === 'household' ? 'households' : 'facilities', points: rows });
  const ms = { parse: parsedAt - started, assign: assignedAt - parsedAt, store: performance.now() - assignedAt };
  return { region, written, counts, skipped: parsed.problems, ms };
}

/** The tree an import writes into: the one named (which must exist), or the only one. */
export async function resolveRegion(db: Db, region: string | undefined, what: string): Promise<string> {
  const regions = await selectRegions(db);
  if (region) {
    if (regions.length && !regions.includes(region)) {
      throw new ValidationError(`${what} refused: no area tree has region "${region}" (there are: ${regions.slice(0, 10).join(', ')}). Nothing was written.`, [{ field: 'region', problem: `unknown region "${region}"` }]);
    }
    return region;
  }
  if (regions.length === 1) return regions[0];
  const problem: Problem = { field: 'region', problem: regions.length ? `the database holds ${regions.length} area trees; name one with region=` : 'no areas are loaded; import areas first or name the region' };
  throw new ValidationError(`${what} refused: ${problem.problem}. Nothing was written.`, [problem]);
}
