import { orient2d } from 'robust-predicates';
import type { FlatCells } from './flat_cells.ts';

/**
 * Whether cell `i` holds the point (x, y), boundary included: THE BOUNDARY RULE. Cells are closed
 * sets, so a point exactly on an edge or a vertex is inside every cell whose boundary holds it;
 * two cells of one level sharing that edge make the point ambiguous, with both listed. This is
 * what PostGIS's ST_Intersects and Turf's booleanPointInPolygon (ignoreBoundary false) say.
 *
 * Each polygon is tested by crossing parity over all its rings (holes included) with the exact
 * orientation test of Hao et al. as point-in-polygon-hao (Turf's) does, so the two agree even
 * on self-intersecting rings; a MultiPolygon holds the point when any of its polygons does.
 *
 * @example pointInFlatCell(cells, 0, 0.5, 0.5) // true for a unit square at index 0
 */
export function pointInFlatCell(cells: FlatCells, i: number, x: number, y: number): boolean {
  const { polyStart, ringStart, vertexStart, xy } = cells;
  for (let p = polyStart[i]; p < polyStart[i + 1]; p++) {
    let k = 0;
    for (let r = ringStart[p]; r < ringStart[p + 1]; r++) {
      const end = vertexStart[r + 1];
      let j = vertexStart[r];
      let u1 = xy[2 * j] - x;
      let v1 = xy[2 * j + 1] - y;
      for (j++; j < end; j++) {
        const u2 = xy[2 * j] - x;
        const v2 = xy[2 * j + 1] - y;
        if (v1 === 0 && v2 === 0) {
          if ((u2 <= 0 && u1 >= 0) || (u1 <= 0 && u2 >= 0)) return true;
        } else if ((v2 >= 0 && v1 <= 0) || (v2 <= 0 && v1 >= 0)) {
          const f = orient2d(u1, u2, v1, v2, 0, 0);
          if (f === 0) return true;
          if ((f > 0 && v2 > 0 && v1 <= 0) || (f < 0 && v2 <= 0 && v1 > 0)) k++;
        }
        u1 = u2;
        v1 = v2;
      }
    }
    if (k % 2 === 1) return true;
  }
  return false;
}

/**
 * The distance in metres from (x, y) to the nearest edge of cell `i`, in a local plane scaled
 * by `mx`, `my` metres per degree at the point's latitude; stops early once below `stopBelow`.
 */
export function distanceToFlatCellEdge(cells: FlatCells, i: number, x: number, y: number, mx: number, my: number, stopBelow = 0): number {
  const { polyStart, ringStart, vertexStart, xy } = cells;
  let best = Infinity;
  const first = ringStart[polyStart[i]];
  const last = ringStart[polyStart[i + 1]];
  for (let r = first; r < last; r++) {
    const end = vertexStart[r + 1];
    for (let j = vertexStart[r]; j + 1 < end; j++) {
      const ax = (xy[2 * j] - x) * mx;
      const ay = (xy[2 * j + 1] - y) * my;
      const dx = (xy[2 * j + 2] - x) * mx - ax;
      const dy = (xy[2 * j + 3] - y) * my - ay;
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
      const d2 = (ax + t * dx) ** 2 + (ay + t * dy) ** 2;
      if (d2 < best) {
        best = d2;
        if (best < stopBelow * stopBelow) return Math.sqrt(best);
      }
    }
  }
  return Math.sqrt(best);
}
