import Flatbush from 'flatbush';
import { flattenCells, type CellInput, type FlatCells } from './flat_cells.ts';
import { metresPerDegree } from './metres_per_degree.ts';
import { cellMeetsRect } from './cell_meets_rect.ts';
import { locateInCandidates, newLocated, ORPHAN, ASSIGNED } from './locate_point.ts';

/** A raster cell's answer when no edge comes near it: a cell index (≥ 0), or one of these. */
export const RESOLVED_ORPHAN = -1;
/** The raster cell holds edges (or an overlap): test its candidate list point by point. */
export const EVALUATE = -2;
/** Answers at or below this are a settled cell near an edge: cell index = NEAR_CELL - answer. */
export const NEAR_CELL = -3;

/**
 * The assignment engine's index: the cells as flat typed arrays and a raster over their extent in
 * which every raster cell that no edge comes within `marginM` of holds its answer outright, and
 * every other holds a short list of candidate cells (those whose box meets it), deepest first.
 * A raster cell no edge crosses but one passes near knows its cell and checks only the distance.
 * Most points are answered by one array read; the rest by exact point-in-polygon on a few cells.
 */
export interface CellIndex {
  cells: FlatCells;
  /** Points this close to their cell's edge, in metres, are flagged near_edge. */
  marginM: number;
  west: number;
  south: number;
  cellW: number;
  cellH: number;
  cols: number;
  rows: number;
  /** Per raster cell: a cell index, RESOLVED_ORPHAN, EVALUATE, or NEAR_CELL - cell index. */
  answer: Int32Array;
  /** Metres per degree (x, y) at each raster row's middle latitude. */
  rowScale: Float64Array;
  /** Candidates of raster cell k: cand[candStart[k]] … cand[candStart[k + 1] - 1]. */
  candStart: Int32Array;
  cand: Int32Array;
}

export interface CellIndexOptions {
  /** The near-edge distance in metres (default 5; 0 turns the flag off). */
  marginM?: number;
  /** Upper bound on raster cells (default 1,048,576: 1024 × 1024 over a square town). */
  maxRasterCells?: number;
}

/**
 * Builds the engine's index over `cells` (any depths, any overlaps).
 *
 * @example
 * const index = buildCellIndex([{ id: 7, code: 'U1', depth: 0, geometry: square }]);
 * locatePoint(index, 0.5, 0.5).cell // 0, the index of U1 (index.cells.ids[0] === 7)
 */
export function buildCellIndex(input: CellInput[], options: CellIndexOptions = {}): CellIndex {
  const cells = flattenCells(input);
  const marginM = options.marginM ?? 5;
  const empty: CellIndex = {
    cells, marginM, west: 0, south: 0, cellW: 1, cellH: 1, cols: 0, rows: 0,
    answer: new Int32Array(0), rowScale: new Float64Array(0), candStart: new Int32Array(1), cand: new Int32Array(0),
  };
  if (cells.count === 0) return empty;

  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < cells.count; i++) {
    w = Math.min(w, cells.bbox[4 * i]);
    s = Math.min(s, cells.bbox[4 * i + 1]);
    e = Math.max(e, cells.bbox[4 * i + 2]);
    n = Math.max(n, cells.bbox[4 * i + 3]);
  }
  // The margin in degrees, taken where a degree is shortest so that it never falls short.
  const maxAbsLat = Math.min(89, Math.max(Math.abs(s), Math.abs(n)));
  const minAbsLat = s <= 0 && n >= 0 ? 0 : Math.min(Math.abs(s), Math.abs(n));
  const marginX = marginM / metresPerDegree(maxAbsLat).x;
  const marginY = marginM / metresPerDegree(minAbsLat).y;
  const padX = marginX + 1e-9;
  const padY = marginY + 1e-9;
  w -= padX;
  e += padX;
  s -= padY;
  n += padY;

  // Resolution: about 64 raster cells per edge, so that most raster cells hold no edge at all.
  const edges = cells.vertexStart[cells.vertexStart.length - 1] - (cells.vertexStart.length - 1);
  const target = Math.max(4096, Math.min(options.maxRasterCells ?? 1 << 20, edges * 64));
  const midLat = (s + n) / 2;
  const aspect = ((e - w) * metresPerDegree(midLat).x) / ((n - s) * metresPerDegree(midLat).y);
  const cols = Math.max(1, Math.round(Math.sqrt(target * aspect)));
  const rows = Math.max(1, Math.round(target / cols));
  const cellW = (e - w) / cols;
  const cellH = (n - s) / rows;
  const index: CellIndex = { ...empty, west: w, south: s, cellW, cellH, cols, rows };

  // Mark every raster cell an edge passes through (`crossed`: containment may differ inside it)
  // or within the margin of (`near`), by sampling each edge at half a raster cell and marking
  // the box around each sample (generous, never short).
  const crossed = new Uint8Array(cols * rows);
  const near = new Uint8Array(cols * rows);
  const mark = (grid: Uint8Array, px: number, py: number, rx: number, ry: number) => {
    const c0 = Math.max(0, Math.floor((px - rx - w) / cellW));
    const c1 = Math.min(cols - 1, Math.floor((px + rx - w) / cellW));
    const r0 = Math.max(0, Math.floor((py - ry - s) / cellH));
    const r1 = Math.min(rows - 1, Math.floor((py + ry - s) / cellH));
    for (let rr = r0; rr <= r1; rr++) grid.fill(1, rr * cols + c0, rr * cols + c1 + 1);
  };
  const { xy, vertexStart } = cells;
  for (let r = 0; r + 1 < vertexStart.length; r++) {
    for (let j = vertexStart[r]; j + 1 < vertexStart[r + 1]; j++) {
      const ax = xy[2 * j];
      const ay = xy[2 * j + 1];
      const dx = xy[2 * j + 2] - ax;
      const dy = xy[2 * j + 3] - ay;
      const steps = Math.ceil(Math.max(Math.abs(dx) / (cellW / 2), Math.abs(dy) / (cellH / 2))) + 1;
      for (let t = 0; t <= steps; t++) {
        const px = ax + (dx * t) / steps;
        const py = ay + (dy * t) / steps;
        mark(crossed, px, py, cellW / 2 + 1e-12, cellH / 2 + 1e-12);
        if (marginM > 0) mark(near, px, py, marginX + cellW / 2, marginY + cellH / 2);
      }
    }
  }

  const boxes = new Flatbush(cells.count);
  for (let i = 0; i < cells.count; i++) boxes.add(cells.bbox[4 * i], cells.bbox[4 * i + 1], cells.bbox[4 * i + 2], cells.bbox[4 * i + 3]);
  boxes.finish();

  // Raster cells no edge crosses: two such neighbours have no edge between them, so every point
  // in either lies in the same cells; only the first of each run is evaluated (at its centre).
  const holds = new Int32Array(cols * rows);
  const probe = newLocated();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const k = r * cols + c;
      if (crossed[k]) holds[k] = EVALUATE;
      else if (c > 0 && !crossed[k - 1]) holds[k] = holds[k - 1];
      else if (r > 0 && !crossed[k - cols]) holds[k] = holds[k - cols];
      else {
        const x = w + (c + 0.5) * cellW;
        const y = s + (r + 0.5) * cellH;
        const cand = Int32Array.from(boxes.search(x, y, x, y)).sort();
        locateInCandidates(cells, cand, 0, cand.length, x, y, 0, 0, 0, probe);
        holds[k] = probe.status === ORPHAN ? RESOLVED_ORPHAN : probe.status === ASSIGNED ? probe.cell : EVALUATE;
      }
    }
  }
  // A cell settled but near an edge needs only the distance to its cell's edges: NEAR_CELL - i.
  const answer = new Int32Array(cols * rows);
  for (let k = 0; k < cols * rows; k++) answer[k] = holds[k] >= 0 && near[k] ? NEAR_CELL - holds[k] : holds[k];
  // Metres per degree at each raster row's middle, so points need no trigonometry.
  const rowScale = new Float64Array(2 * rows);
  for (let r = 0; r < rows; r++) {
    const m = metresPerDegree(s + (r + 0.5) * cellH);
    rowScale[2 * r] = m.x;
    rowScale[2 * r + 1] = m.y;
  }

  // Candidate lists for the raster cells that need them, deepest first (cells are sorted so).
  const edgesOf = new Int32Array(cells.count);
  for (let i = 0; i < cells.count; i++) {
    const r0 = cells.ringStart[cells.polyStart[i]];
    const r1 = cells.ringStart[cells.polyStart[i + 1]];
    edgesOf[i] = cells.vertexStart[r1] - cells.vertexStart[r0] - (r1 - r0);
  }
  const candStart = new Int32Array(cols * rows + 1);
  let cand = new Int32Array(1 << 16);
  let used = 0;
  const eps = 1e-9;
  for (let k = 0; k < cols * rows; k++) {
    candStart[k] = used;
    if (answer[k] !== EVALUATE) continue;
    const c = k % cols;
    const r = (k - c) / cols;
    const [x0, y0, x1, y1] = [w + c * cellW - eps, s + r * cellH - eps, w + (c + 1) * cellW + eps, s + (r + 1) * cellH + eps];
    // Boxes meet far more raster cells than shapes do: keep only the cells that reach inside.
    // Large cells (a town, a community) are kept unchecked: checking costs as much as their many
    // edges, and they come last in the list, tested only where no deeper cell holds the point.
    const found = boxes.search(x0, y0, x1, y1).filter((i) => edgesOf[i] > 64 || cellMeetsRect(cells, i, x0, y0, x1, y1));
    if (used + found.length > cand.length) {
      const grown = new Int32Array(Math.max(cand.length * 2, used + found.length));
      grown.set(cand);
      cand = grown;
    }
    found.sort((a, b) => a - b);
    for (const i of found) cand[used++] = i;
  }
  candStart[cols * rows] = used;
  return { ...index, answer, rowScale, candStart, cand: cand.slice(0, used) };
}
