/**
 * Server-side heat bins: events counted into squares of a Web Mercator grid whose size follows the
 * zoom, so that a map shows a year of events as fast as a day. Arithmetic on typed arrays, no
 * geometry: each point's bin is floor(x / size), floor(y / size).
 */

const R = 6378137;
/** Web Mercator's world width in metres. */
export const WORLD_M = 2 * Math.PI * R;

/** Web Mercator x (metres) of a longitude. */
export function mercatorX(lon: number): number {
  return (lon * Math.PI * R) / 180;
}

/** Web Mercator y (metres) of a latitude (within ±85.05°). */
export function mercatorY(lat: number): number {
  return Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) * R;
}

export function lonOfX(x: number): number {
  return (x / R) * (180 / Math.PI);
}

export function latOfY(y: number): number {
  return (2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * (180 / Math.PI);
}

/**
 * The side of a heat bin in Mercator metres: `cellPx` screen pixels at `zoom` (256-px tiles).
 *
 * @example
 * heatCellMetres(14, 32) // ≈ 305.7
 */
export function heatCellMetres(zoom: number, cellPx: number): number {
  return (WORLD_M / 256 / 2 ** zoom) * cellPx;
}

/** Events as columns: one index per event across every array. */
export interface HeatColumns {
  n: number;
  x: Float64Array;
  y: Float64Array;
  /** reported_at, ms since the epoch. */
  t: Float64Array;
  category: Uint8Array;
  status: Uint8Array;
  level: Uint8Array;
  /** Index into the path table: the area subtree filter. */
  path: Uint32Array;
}

export interface HeatQuery {
  cellM: number;
  /** Mercator metres: [minX, minY, maxX, maxY]. */
  bbox?: [number, number, number, number];
  from?: number;
  to?: number;
  /** Allowed codes (index = code, non-zero = allowed); absent: all. */
  category?: Uint8Array;
  status?: Uint8Array;
  level?: Uint8Array;
  path?: Uint8Array;
}

export interface HeatBin {
  ix: number;
  iy: number;
  count: number;
}

// Bin indices offset to be non-negative and packed into one number, exact below 2^53. At zoom 20
// with 4-px cells the world is 2^26 bins wide (ix in ±2^25), so the packed key stays below 2^52.
export const MAX_HEAT_ZOOM = 20;
export const MIN_HEAT_CELL_PX = 4;
const OFFSET = 2 ** 25;
const SPAN = 2 ** 26;

/**
 * Counts the events that pass the filters into square bins of side `cellM`.
 *
 * @example
 * binEventHeat(cols, { cellM: 305.7 }) // { bins: [{ ix: 43702, iy: 11143, count: 3 }, …], total: 200000 }
 */
export function binEventHeat(c: HeatColumns, q: HeatQuery): { bins: HeatBin[]; total: number } {
  const counts = new Map<number, number>();
  const [x0, y0, x1, y1] = q.bbox ?? [-Infinity, -Infinity, Infinity, Infinity];
  const from = q.from ?? -Infinity;
  const to = q.to ?? Infinity;
  let total = 0;
  for (let i = 0; i < c.n; i++) {
    const x = c.x[i];
    const y = c.y[i];
    const t = c.t[i];
    if (x < x0 || x > x1 || y < y0 || y > y1 || t < from || t >= to) continue;
    if (q.category && !q.category[c.category[i]]) continue;
    if (q.status && !q.status[c.status[i]]) continue;
    if (q.level && !q.level[c.level[i]]) continue;
    if (q.path && !q.path[c.path[i]]) continue;
    // Division, not multiplication by 1/size: the same arithmetic as the SQL baseline, bin for bin.
    const key = (Math.floor(x / q.cellM) + OFFSET) * SPAN + (Math.floor(y / q.cellM) + OFFSET);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    total++;
  }
  const bins: HeatBin[] = [];
  for (const [key, count] of counts) {
    bins.push({ ix: Math.floor(key / SPAN) - OFFSET, iy: (key % SPAN) - OFFSET, count });
  }
  bins.sort((a, b) => a.ix - b.ix || a.iy - b.iy);
  return { bins, total };
}
