import Flatbush from 'flatbush';
import type { Position } from 'geojson';

const METRES_PER_DEGREE = 111_320;

/**
 * How thick a polygon is: the diameter of the largest circle that fits inside it, in metres,
 * found to within `precisionM` or 1% by the polylabel search (mapbox/polylabel: split the bounding
 * square into cells, keep refining the cells that could still hold a larger circle). The
 * polygon is projected onto a local plane (equirectangular at its mean latitude), exact enough
 * for pieces a few kilometres across. Computed here rather than with PostGIS's
 * ST_MaximumInscribedCircle so that both databases give the same figure (GEOS 3.11 and 3.14
 * differ by about 1%) and a sliver is a sliver on both.
 *
 * `floorM`: when the piece is certainly thinner than this, the search is skipped and an upper
 * bound returned (the convex hull's 4·area/perimeter, which no inscribed circle can exceed).
 * `belowM`: a hair kilometres long needs cells finer than its width all along it; after 5,000
 * cells, once the bound shows it thinner than this (the sliver tolerance), the bound is
 * returned: the piece is certainly a sliver, and its width is then an upper bound.
 *
 * @example
 * // a 100 m × 0.3 m strip at the equator
 * inscribedWidth([[[0, 0], [100 / 111320, 0], [100 / 111320, 0.3 / 111320], [0, 0.3 / 111320], [0, 0]]]) // ≈ 0.3
 */
export function inscribedWidth(rings: Position[][], options: { precisionM?: number; floorM?: number; belowM?: number } = {}): number {
  const { precisionM = 0.01, floorM = 0, belowM } = options;
  if (rings.length === 0 || rings[0].length < 4) return 0;
  const lat0 = rings[0].reduce((s, p) => s + p[1], 0) / rings[0].length;
  const kx = METRES_PER_DEGREE * Math.cos((lat0 * Math.PI) / 180);
  const x0 = rings[0][0][0];
  const y0 = rings[0][0][1];
  const plane = rings.map((r) => r.map((p) => [(p[0] - x0) * kx, (p[1] - y0) * METRES_PER_DEGREE] as [number, number]));

  if (floorM > 0) {
    const bound = hullWidthBound(plane[0]);
    if (bound < floorM) return bound;
  }

  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of plane[0]) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  // Cells as wide as the box is narrow (polylabel's choice), but no more than 256 along the long
  // side: a long, thin, axis-aligned sliver would otherwise start with millions of cells. Any
  // cell size is correct (a cell's bound covers all of it); this only bounds the work.
  const size = Math.max(Math.min(maxX - minX, maxY - minY), Math.max(maxX - minX, maxY - minY) / 256);
  if (size === 0) return 0;

  const distance = ringDistance(plane);
  const cell = (x: number, y: number, h: number) => {
    const d = distance(x, y);
    return { x, y, h, d, max: d + h * Math.SQRT2 };
  };
  // Big pieces need no millimetres: they are nowhere near a sliver tolerance.
  const precision = Math.max(precisionM, size * 1e-4);
  // A binary max-heap on `max`: a thin sliver tens of metres long is refined into many
  // thousands of cells along its length, and a sorted array made that quadratic.
  const heap: ReturnType<typeof cell>[] = [];
  const push = (c: ReturnType<typeof cell>) => {
    heap.push(c);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (heap[parent].max >= heap[i].max) break;
      [heap[parent], heap[i]] = [heap[i], heap[parent]];
      i = parent;
    }
  };
  const pop = () => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l].max > heap[m].max) m = l;
        if (r < heap.length && heap[r].max > heap[m].max) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i], heap[m]];
        i = m;
      }
    }
    return top;
  };
  let h = size / 2;
  for (let x = minX; x < maxX; x += size) for (let y = minY; y < maxY; y += size) push(cell(x + h, y + h, h));
  let best = cell((minX + maxX) / 2, (minY + maxY) / 2, 0);
  for (let visited = 0; heap.length > 0; visited++) {
    const c = pop();
    if (c.d > best.d) best = c;
    // The best cell left cannot beat the best found by more than the precision: done.
    if (c.max - best.d <= Math.max(precision, best.d * 0.01)) break;
    if (visited > 5_000 && belowM !== undefined && 2 * c.max < belowM) return 2 * c.max;
    if (visited > 200_000) return 2 * c.max;
    h = c.h / 2;
    for (const [dx, dy] of [[-h, -h], [h, -h], [-h, h], [h, h]]) push(cell(c.x + dx, c.y + dy, h));
  }
  return Math.max(0, 2 * best.d);
}

/**
 * Distance from a point to the polygon's outline, positive inside and negative outside, over a
 * flatbush index of the segments: slivers along a city boundary have hundreds of vertices, and
 * polylabel asks this for tens of thousands of cells.
 */
function ringDistance(rings: [number, number][][]): (x: number, y: number) => number {
  const segs: [number, number, number, number][] = [];
  for (const ring of rings) for (let i = 0; i + 1 < ring.length; i++) segs.push([ring[i][0], ring[i][1], ring[i + 1][0], ring[i + 1][1]]);
  if (segs.length === 0) return () => -Infinity;
  // A few dozen segments (most gaps and overlaps) are faster looped over than searched.
  if (segs.length <= 64) {
    return (x, y) => {
      let inside = false;
      let min = Infinity;
      for (const [ax, ay, bx, by] of segs) {
        if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
        min = Math.min(min, segmentDistance(x, y, ax, ay, bx, by));
      }
      return (inside ? 1 : -1) * min;
    };
  }
  const index = new Flatbush(segs.length);
  let maxX = -Infinity;
  for (const [ax, ay, bx, by] of segs) {
    index.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
    maxX = Math.max(maxX, ax, bx);
  }
  index.finish();
  const exact = (x: number, y: number, i: number) => segmentDistance(x, y, ...segs[i]);
  return (x, y) => {
    // Inside: count the segments a ray to the east crosses.
    let inside = false;
    for (const i of index.search(x, y, maxX, y)) {
      const [ax, ay, bx, by] = segs[i];
      if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
    }
    // Nearest: a few candidates by box distance bound the answer; then every box within it.
    let min = Infinity;
    for (const i of index.neighbors(x, y, 4)) min = Math.min(min, exact(x, y, i));
    for (const i of index.neighbors(x, y, Infinity, min)) min = Math.min(min, exact(x, y, i));
    return (inside ? 1 : -1) * min;
  };
}

function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  let dx = bx - ax;
  let dy = by - ay;
  let x = ax;
  let y = ay;
  if (dx !== 0 || dy !== 0) {
    const t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy);
    if (t > 1) [x, y] = [bx, by];
    else if (t > 0) [x, y] = [ax + dx * t, ay + dy * t];
  }
  dx = px - x;
  dy = py - y;
  return Math.hypot(dx, dy);
}

/**
 * An upper bound on the inscribed circle's diameter: a circle inside the ring is inside its
 * convex hull, and a convex shape's inradius is at most 2·area/perimeter.
 */
function hullWidthBound(ring: [number, number][]): number {
  const pts = [...ring].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: [number, number], a: [number, number], b: [number, number]) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (points: [number, number][]) => {
    const h: [number, number][] = [];
    for (const p of points) {
      while (h.length >= 2 && cross(h[h.length - 2], h[h.length - 1], p) <= 0) h.pop();
      h.push(p);
    }
    h.pop();
    return h;
  };
  const hull = [...half(pts), ...half([...pts].reverse())];
  let area = 0;
  let perimeter = 0;
  for (let i = 0; i < hull.length; i++) {
    const [a, b] = [hull[i], hull[(i + 1) % hull.length]];
    area += a[0] * b[1] - b[0] * a[1];
    perimeter += Math.hypot(b[0] - a[0], b[1] - a[1]);
  }
  return perimeter === 0 ? 0 : (4 * Math.abs(area / 2)) / perimeter;
}
