import type { Queryable } from '../db/db.ts';
import { selectPointsForAssignment, type StoredPoint } from '../db/queries/select_points_for_assignment.ts';
import { updatePointAssignments } from '../db/queries/update_point_assignments.ts';
import { assignPointsToCells } from '../domain/assign/assign_points_to_cells.ts';
import { STATUS_NAMES, type AssignmentStatus } from '../domain/assign/locate_point.ts';
import { loadCellIndex, type LoadedCellIndex } from './cell_index.ts';

/** A household or facility whose cell changed. */
export interface PointMove {
  kind: 'household' | 'facility';
  region: string;
  id: string;
  from: string | null;
  to: string | null;
  assignment: AssignmentStatus;
}

export interface AssignStoredResult {
  checked: number;
  /** Rows whose cell or status changed and were written. */
  updated: number;
  counts: Record<AssignmentStatus, number>;
  moves: PointMove[];
}

/**
 * (Re-)assigns stored households or facilities, the pending ones or all inside a box, with the
 * in-memory engine, and writes back only the rows whose cell or status changed, in batched
 * `unnest` updates on `q` (the caller's transaction, when it holds one). The index is built from
 * the areas `q` sees around those points unless the caller passes one.
 */
export async function assignStoredPoints(
  q: Queryable,
  table: 'household' | 'facility',
  where: { pending: true } | { bbox: [number, number, number, number] },
  loaded?: LoadedCellIndex,
): Promise<AssignStoredResult> {
  const points = await selectPointsForAssignment(q, table, where);
  const counts: Record<AssignmentStatus, number> = { assigned: 0, orphan: 0, ambiguous: 0, near_edge: 0 };
  if (points.length === 0) return { checked: 0, updated: 0, counts, moves: [] };
  const index = loaded ?? (await loadCellIndex(q, 'bbox' in where ? grow(where.bbox) : extentOf(points)));
  const lons = Float64Array.from(points, (p) => p.lon);
  const lats = Float64Array.from(points, (p) => p.lat);
  const result = assignPointsToCells(index.index, lons, lats);
  const { ids, codes } = index.index.cells;
  const update = { regions: [] as string[], ids: [] as string[], cellIds: [] as (number | null)[], statuses: [] as string[], candidates: [] as (string | null)[] };
  const moves: PointMove[] = [];
  points.forEach((p, k) => {
    const c = result.cell[k];
    const status = STATUS_NAMES[result.status[k]];
    counts[status]++;
    const cellId = c < 0 ? null : ids[c];
    const hits = result.ambiguous.get(k);
    const candidates = hits ? `{${hits.map((h) => ids[h]).join(',')}}` : null;
    // An ambiguous point whose candidates changed is rewritten even when its kept cell did not.
    if (cellId === p.cell_id && status === p.assignment && !hits) return;
    update.regions.push(p.region);
    update.ids.push(p.id);
    update.cellIds.push(cellId);
    update.statuses.push(status);
    update.candidates.push(candidates);
    const to = c < 0 ? null : codes[c];
    if (p.assignment !== 'pending' && to !== p.cell_code) moves.push({ kind: table, region: p.region, id: p.id, from: p.cell_code, to, assignment: status });
  });
  const updated = await updatePointAssignments(q, table, update);
  return { checked: points.length, updated, counts, moves };
}

function extentOf(points: StoredPoint[]): [number, number, number, number] {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of points) {
    if (p.lon < w) w = p.lon;
    if (p.lon > e) e = p.lon;
    if (p.lat < s) s = p.lat;
    if (p.lat > n) n = p.lat;
  }
  return grow([w, s, e, n]);
}

/** A hair wider, so that a point on the box's edge still finds the cells that touch it there. */
function grow([w, s, e, n]: [number, number, number, number]): [number, number, number, number] {
  const d = 1e-7;
  return [w - d, s - d, e + d, n + d];
}
