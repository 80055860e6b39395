import type { CellIndex } from './build_cell_index.ts';
import type { FlatCells } from './flat_cells.ts';
import { distanceToFlatCellEdge, pointInFlatCell } from './point_in_flat_cell.ts';

/** Assignment statuses, as stored in household.assignment and facility.assignment. */
export const ASSIGNED = 0;
export const ORPHAN = 1;
export const AMBIGUOUS = 2;
export const NEAR_EDGE = 3;
export const STATUS_NAMES = ['assigned', 'orphan', 'ambiguous', 'near_edge'] as const;
export type AssignmentStatus = (typeof STATUS_NAMES)[number];

/** Where one point falls: the deepest cell (index into the flat cells, -1 for none) and why. */
export interface Located {
  cell: number;
  status: number;
  /** Every cell at the deepest level that holds the point (two or more when ambiguous). */
  hits: number[];
}

export function newLocated(): Located {
  return { cell: -1, status: ORPHAN, hits: [] };
}

/**
 * Locates one point: the deepest cell that holds it (boundary included, see pointInFlatCell),
 * ambiguous when two cells of that depth hold it (the lowest code is kept as its cell), near_edge
 * when it lies within index.marginM metres of its cell's edge, orphan when no cell holds it.
 * Reuses `out` so that a loop over a million points allocates nothing.
 *
 * @example locatePoint(index, 120.0853, 29.3042) // { cell: 17, status: 0 (ASSIGNED), hits: [17] }
 */
export function locatePoint(index: CellIndex, x: number, y: number, out: Located = newLocated()): Located {
  out.hits.length = 0;
  const c = Math.floor((x - index.west) / index.cellW);
  const r = Math.floor((y - index.south) / index.cellH);
  if (!(c >= 0 && c < index.cols && r >= 0 && r < index.rows)) {
    out.cell = -1;
    out.status = ORPHAN;
    return out;
  }
  const k = r * index.cols + c;
  const a = index.answer[k];
  if (a >= 0) {
    out.cell = a;
    out.status = ASSIGNED;
    out.hits.push(a);
    return out;
  }
  if (a === -1) {
    out.cell = -1;
    out.status = ORPHAN;
    return out;
  }
  const mx = index.rowScale[2 * r];
  const my = index.rowScale[2 * r + 1];
  if (a <= -3) {
    // Settled, near an edge: only the distance to its own cell's edges is left to measure.
    out.cell = -3 - a;
    out.hits.push(out.cell);
    out.status = distanceToFlatCellEdge(index.cells, out.cell, x, y, mx, my, index.marginM) <= index.marginM ? NEAR_EDGE : ASSIGNED;
    return out;
  }
  return locateInCandidates(index.cells, index.cand, index.candStart[k], index.candStart[k + 1], x, y, index.marginM, mx, my, out);
}

/**
 * The exact test over candidates cand[from … to), which are sorted deepest first; `mx`, `my` are
 * metres per degree where the point is, for the near-edge distance.
 */
export function locateInCandidates(cells: FlatCells, cand: Int32Array, from: number, to: number, x: number, y: number, marginM: number, mx: number, my: number, out: Located): Located {
  out.hits.length = 0;
  let found = -1;
  let foundDepth = 0;
  const { bbox, depths } = cells;
  for (let j = from; j < to; j++) {
    const i = cand[j];
    if (found >= 0 && depths[i] < foundDepth) break;
    if (x < bbox[4 * i] || x > bbox[4 * i + 2] || y < bbox[4 * i + 1] || y > bbox[4 * i + 3]) continue;
    if (!pointInFlatCell(cells, i, x, y)) continue;
    if (found < 0) {
      found = i;
      foundDepth = depths[i];
    }
    out.hits.push(i);
  }
  out.cell = found;
  if (found < 0) out.status = ORPHAN;
  else if (out.hits.length > 1) out.status = AMBIGUOUS;
  else if (marginM > 0) out.status = distanceToFlatCellEdge(cells, found, x, y, mx, my, marginM) <= marginM ? NEAR_EDGE : ASSIGNED;
  else out.status = ASSIGNED;
  return out;
}
