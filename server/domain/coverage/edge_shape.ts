import Flatbush from 'flatbush';
import type { PolygonsCoords } from './count_unmatched_edges.ts';

/** Shapes with more edges than this get an index of their own (a street parcel has thousands). */
const INDEX_FROM = 48;

/**
 * A polygon set's edges in flat arrays, with the questions the overlap screen asks of them:
 * which edges lie near a box, and is a point inside by more than a distance. Coordinates are
 * degrees, used as plane coordinates: only in/out and "within ε" are asked, never lengths.
 *
 * @example
 * const s = new EdgeShape([[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]]);
 * s.insideBy(0.5, 0.5, 0.1); // true
 * s.insideBy(1, 0.5, 0.1);   // false: on the outline
 */
export class EdgeShape {
  /** x1, y1, x2, y2 of every edge, zero-length ones left out. */
  readonly edges: Float64Array;
  /** The ring (numbered across all polygons) each edge belongs to. */
  readonly ringOf: Int32Array;
  readonly rings: number;
  readonly count: number;
  readonly bbox: [number, number, number, number];
  private readonly index: Flatbush | null;
  private points: [number, number][] | null = null;

  constructor(readonly coords: PolygonsCoords) {
    const flat: number[] = [];
    const ringOf: number[] = [];
    let rings = 0;
    let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const polygon of coords) {
      for (const ring of polygon) {
        rings++;
        for (let i = 0; i + 1 < ring.length; i++) {
          const [ax, ay] = ring[i];
          const [bx, by] = ring[i + 1];
          w = Math.min(w, ax);
          s = Math.min(s, ay);
          e = Math.max(e, ax);
          n = Math.max(n, ay);
          if (ax !== bx || ay !== by) {
            flat.push(ax, ay, bx, by);
            ringOf.push(rings - 1);
          }
        }
      }
    }
    this.edges = Float64Array.from(flat);
    this.ringOf = Int32Array.from(ringOf);
    this.rings = rings;
    this.count = flat.length / 4;
    this.bbox = [w, s, e, n];
    if (this.count > INDEX_FROM) {
      this.index = new Flatbush(this.count);
      for (let i = 0; i < this.count; i++) {
        const [ax, ay, bx, by] = this.edges.subarray(4 * i, 4 * i + 4);
        this.index.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
      }
      this.index.finish();
    } else {
      this.index = null;
    }
  }

  /** Calls `visit` with the number of every edge whose box meets this one. */
  edgesNear(w: number, s: number, e: number, n: number, visit: (i: number) => void): void {
    if (this.index) {
      for (const i of this.index.search(w, s, e, n)) visit(i);
      return;
    }
    const x = this.edges;
    for (let i = 0; i < this.count; i++) {
      const k = 4 * i;
      if (Math.max(x[k], x[k + 2]) >= w && Math.min(x[k], x[k + 2]) <= e && Math.max(x[k + 1], x[k + 3]) >= s && Math.min(x[k + 1], x[k + 3]) <= n) visit(i);
    }
  }

  /**
   * Whether (x, y) lies inside (even-odd, as PostGIS's make-valid reads overlapping rings) and
   * farther than `eps` from every edge.
   */
  insideBy(x: number, y: number, eps: number): boolean {
    const [w, s, e, n] = this.bbox;
    if (x <= w + eps || x >= e - eps || y <= s + eps || y >= n - eps) return false;
    let near = false;
    this.edgesNear(x - eps, y - eps, x + eps, y + eps, (i) => {
      if (!near && segmentDistance(x, y, this.edges, i) <= eps) near = true;
    });
    if (near) return false;
    // Count the edges a ray to the east crosses.
    let inside = false;
    const v = this.edges;
    this.edgesNear(x, y, e, y, (i) => {
      const k = 4 * i;
      const [ax, ay, bx, by] = [v[k], v[k + 1], v[k + 2], v[k + 3]];
      if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
    });
    return inside;
  }

  /**
   * One point inside each polygon (even-odd): on a horizontal line through the middle of its
   * outer ring, between two vertices' heights, the middle of the widest inside stretch.
   */
  interiorPoints(): [number, number][] {
    if (this.points) return this.points;
    const points: [number, number][] = (this.points = []);
    for (const polygon of this.coords) {
      const ys = [...new Set(polygon[0].map((p) => p[1]))].sort((a, b) => a - b);
      if (ys.length < 2) continue;
      const m = Math.floor((ys.length - 1) / 2);
      const y = (ys[m] + ys[m + 1]) / 2;
      const xs: number[] = [];
      for (const ring of polygon) {
        for (let i = 0; i + 1 < ring.length; i++) {
          const [ax, ay] = ring[i];
          const [bx, by] = ring[i + 1];
          if (ay > y !== by > y) xs.push(((bx - ax) * (y - ay)) / (by - ay) + ax);
        }
      }
      xs.sort((a, b) => a - b);
      let best = -1;
      for (let i = 0; i + 1 < xs.length; i += 2) if (best < 0 || xs[i + 1] - xs[i] > xs[best + 1] - xs[best]) best = i;
      if (best >= 0) points.push([(xs[best] + xs[best + 1]) / 2, y]);
    }
    return points;
  }
}

/** Distance from (px, py) to edge `i` of a flat x1, y1, x2, y2 array. */
export function segmentDistance(px: number, py: number, v: Float64Array, i: number): number {
  const k = 4 * i;
  const [ax, ay, bx, by] = [v[k], v[k + 1], v[k + 2], v[k + 3]];
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + dx * t), py - (ay + dy * t));
}
