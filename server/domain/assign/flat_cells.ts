import type { MultiPolygon, Polygon } from 'geojson';

/** A cell as the engine sees it: its database id, code, depth in the tree and shape (WGS84). */
export interface CellInput {
  id: number;
  code: string;
  depth: number;
  geometry: Polygon | MultiPolygon;
}

/**
 * Cells flattened into typed arrays, so that point-in-polygon runs over contiguous memory with no
 * object per vertex. Cells are ordered deepest first, then by code: index order is the engine's
 * tie-break (the lowest code wins an overlap), and candidates sorted by index come deepest first.
 */
export interface FlatCells {
  count: number;
  ids: Int32Array;
  codes: string[];
  depths: Int32Array;
  /** [west, south, east, north] per cell. */
  bbox: Float64Array;
  /** Polygons of cell i: polyStart[i] … polyStart[i + 1] - 1. */
  polyStart: Int32Array;
  /** Rings of polygon p: ringStart[p] … ringStart[p + 1] - 1. */
  ringStart: Int32Array;
  /** Vertices of ring r (closing vertex included): vertexStart[r] … vertexStart[r + 1] - 1. */
  vertexStart: Int32Array;
  /** x0, y0, x1, y1 … */
  xy: Float64Array;
}

/**
 * Flattens cells for the engine, ordered deepest first then by code.
 *
 * @example flattenCells([{ id: 1, code: 'U1', depth: 3, geometry: square }]).count // 1
 */
export function flattenCells(input: CellInput[]): FlatCells {
  const cells = [...input].sort((a, b) => b.depth - a.depth || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const polygons = cells.map((c) => (c.geometry.type === 'Polygon' ? [c.geometry.coordinates] : c.geometry.coordinates));
  let polyCount = 0;
  let ringCount = 0;
  let vertexCount = 0;
  for (const polys of polygons) {
    polyCount += polys.length;
    for (const rings of polys) {
      ringCount += rings.length;
      for (const ring of rings) vertexCount += ring.length;
    }
  }
  const out: FlatCells = {
    count: cells.length,
    ids: Int32Array.from(cells, (c) => c.id),
    codes: cells.map((c) => c.code),
    depths: Int32Array.from(cells, (c) => c.depth),
    bbox: new Float64Array(cells.length * 4),
    polyStart: new Int32Array(cells.length + 1),
    ringStart: new Int32Array(polyCount + 1),
    vertexStart: new Int32Array(ringCount + 1),
    xy: new Float64Array(vertexCount * 2),
  };
  let p = 0;
  let r = 0;
  let v = 0;
  polygons.forEach((polys, i) => {
    out.polyStart[i] = p;
    let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const rings of polys) {
      out.ringStart[p++] = r;
      for (const ring of rings) {
        out.vertexStart[r++] = v;
        for (const [x, y] of ring) {
          out.xy[2 * v] = x;
          out.xy[2 * v + 1] = y;
          v++;
          if (x < w) w = x;
          if (x > e) e = x;
          if (y < s) s = y;
          if (y > n) n = y;
        }
      }
    }
    out.bbox.set([w, s, e, n], i * 4);
  });
  out.polyStart[cells.length] = p;
  out.ringStart[p] = r;
  out.vertexStart[r] = v;
  return out;
}
