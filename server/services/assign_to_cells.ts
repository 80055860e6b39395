import type { Db } from '../db/db.ts';
import { assignPointsToCells } from '../domain/assign/assign_points_to_cells.ts';
import { STATUS_NAMES, type AssignmentStatus } from '../domain/assign/locate_point.ts';
import { defaultNearEdgeMetres, getCellIndex, loadCellIndex } from './cell_index.ts';

export interface CellAssignment {
  cell_id: number | null;
  assignment: AssignmentStatus;
  cell_candidates: number[] | null;
}

/**
 * Each WGS84 point's deepest cell, by the in-memory engine over the cached cell index (or one
 * loaded for a near-edge margin other than the default), with the counts of each status. Used
 * by every import of points (importPoints, importRegister).
 */
export async function assignToCells(db: Db, lons: Float64Array, lats: Float64Array, nearEdgeM?: number): Promise<{ assigned: CellAssignment[]; counts: Record<AssignmentStatus, number> }> {
  const marginM = nearEdgeM ?? defaultNearEdgeMetres();
  const loaded = marginM === defaultNearEdgeMetres() ? await getCellIndex(db) : await loadCellIndex(db, null, marginM);
  const result = assignPointsToCells(loaded.index, lons, lats);
  const { ids } = loaded.index.cells;
  const counts: Record<AssignmentStatus, number> = { assigned: 0, orphan: 0, ambiguous: 0, near_edge: 0 };
  const assigned = Array.from({ length: lons.length }, (_, k): CellAssignment => {
    const status = STATUS_NAMES[result.status[k]];
    counts[status]++;
    const hits = result.ambiguous.get(k);
    return { cell_id: result.cell[k] < 0 ? null : ids[result.cell[k]], assignment: status, cell_candidates: hits ? hits.map((h) => ids[h]) : null };
  });
  return { assigned, counts };
}
