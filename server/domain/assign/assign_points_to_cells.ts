import type { CellIndex } from './build_cell_index.ts';
import { AMBIGUOUS, ASSIGNED, ORPHAN, locatePoint, newLocated } from './locate_point.ts';

export interface PointAssignments {
  /** Per point: the index of its cell in index.cells (-1 for an orphan). */
  cell: Int32Array;
  /** Per point: ASSIGNED, ORPHAN, AMBIGUOUS or NEAR_EDGE. */
  status: Uint8Array;
  /** For ambiguous points only: every cell of the deepest level that holds it. */
  ambiguous: Map<number, number[]>;
}

/**
 * Assigns many points at once (WGS84 lon/lat in parallel typed arrays): one raster read for most
 * points, exact point-in-polygon for those near an edge. Memory is the two output arrays.
 *
 * @example assignPointsToCells(index, Float64Array.of(120.08), Float64Array.of(29.3)).cell // Int32Array [17]
 */
export function assignPointsToCells(index: CellIndex, lons: ArrayLike<number>, lats: ArrayLike<number>): PointAssignments {
  const n = lons.length;
  const cell = new Int32Array(n);
  const status = new Uint8Array(n);
  const ambiguous = new Map<number, number[]>();
  const { west, south, cellW, cellH, cols, rows, answer } = index;
  const out = newLocated();
  for (let p = 0; p < n; p++) {
    const x = lons[p];
    const y = lats[p];
    const c = Math.floor((x - west) / cellW);
    const r = Math.floor((y - south) / cellH);
    // The fast path, inlined: most points sit in a raster cell with a settled answer.
    if (c >= 0 && c < cols && r >= 0 && r < rows) {
      const a = answer[r * cols + c];
      if (a >= 0) {
        cell[p] = a;
        status[p] = ASSIGNED;
        continue;
      }
      if (a === -1) {
        cell[p] = -1;
        status[p] = ORPHAN;
        continue;
      }
    }
    locatePoint(index, x, y, out);
    cell[p] = out.cell;
    status[p] = out.status;
    if (out.status === AMBIGUOUS) ambiguous.set(p, [...out.hits]);
  }
  return { cell, status, ambiguous };
}
