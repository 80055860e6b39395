import type { FlatCells } from './flat_cells.ts';
import { pointInFlatCell } from './point_in_flat_cell.ts';

/**
 * Whether cell `i` has any point inside the rectangle [x0, x1] × [y0, y1]: it holds the
 * rectangle's centre, or one of its edges meets the rectangle (if neither, the path from any
 * point of the rectangle to its centre would cross no edge, so no point of it is in the cell).
 * Used to keep candidate lists down to the cells that matter.
 *
 * @example cellMeetsRect(cells, 0, 0.4, 0.4, 0.6, 0.6) // true for a unit square at index 0
 */
export function cellMeetsRect(cells: FlatCells, i: number, x0: number, y0: number, x1: number, y1: number): boolean {
  if (pointInFlatCell(cells, i, (x0 + x1) / 2, (y0 + y1) / 2)) return true;
  const { polyStart, ringStart, vertexStart, xy } = cells;
  for (let r = ringStart[polyStart[i]]; r < ringStart[polyStart[i + 1]]; r++) {
    for (let j = vertexStart[r]; j + 1 < vertexStart[r + 1]; j++) {
      if (segmentMeetsRect(xy[2 * j], xy[2 * j + 1], xy[2 * j + 2], xy[2 * j + 3], x0, y0, x1, y1)) return true;
    }
  }
  return false;
}

/** Liang–Barsky clipping: does the segment (ax, ay)–(bx, by) meet the closed rectangle? */
function segmentMeetsRect(ax: number, ay: number, bx: number, by: number, x0: number, y0: number, x1: number, y1: number): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = bx - ax;
  const dy = by - ay;
  const p = [-dx, dx, -dy, dy];
  const q = [ax - x0, x1 - ax, ay - y0, y1 - ay];
  for (let k = 0; k < 4; k++) {
    if (p[k] === 0) {
      if (q[k] < 0) return false;
    } else {
      const t = q[k] / p[k];
      if (p[k] < 0) {
        if (t > t1) return false;
        if (t > t0) t0 = t;
      } else {
        if (t < t0) return false;
        if (t < t1) t1 = t;
      }
    }
  }
  return true;
}
