import Flatbush from 'flatbush';
import type { PolygonsCoords } from './count_unmatched_edges.ts';
import { EdgeShape } from './edge_shape.ts';

export interface OverlapChild {
  id: number;
  /** Valid polygons: an invalid area's made-valid shape, as the overlay will see it. */
  coords: PolygonsCoords;
}

/**
 * How near (degrees, about 11 µm) counts as touching. Two siblings are left out only when every
 * part of each one's outline inside the other lies within this of the other's outline: any
 * overlap between them is then thinner than about this, a thousandth of the 0.1 mm the overlay
 * snap-rounds to and far below the 2 mm under which a piece is overlay noise.
 */
export const OVERLAP_SCREEN_EPS = 1e-10;

/**
 * The sibling pairs whose interiors may overlap, for the exact overlay to look at: every pair
 * that does overlap, and few that do not. Two polygons' interiors meet only if part of one's
 * outline runs inside the other, or they share a whole piece (the same polygon twice). So for
 * each pair of siblings whose boxes meet, each one's edges are cut where the other's outline
 * crosses or touches them, and the middle of every stretch (or, for an edge it never comes near,
 * its first vertex) is tested for lying inside the other by more than ε; a pair that touches
 * without that also has one point inside each polygon tested. Neighbours sharing edges or
 * T-junctions, the bulk of any tiling, are dropped here, in Node, instead of being paired in
 * PostGIS (13,116 parcels: 55,913 pairs of touching boxes, 95 true overlaps). Polygons are read
 * even-odd; an invalid area must be passed as PostGIS makes it valid (selectMadeValidCoverageOutlines).
 *
 * `box`, when given, keeps only children reaching into it (the screen's box around unmatched edges).
 *
 * @example
 * const sq = (x: number, id: number) => ({ id, coords: [[[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]]] });
 * findOverlapCandidates([sq(0, 1), sq(1, 2)]);   // [] — they share an edge
 * findOverlapCandidates([sq(0, 1), sq(0.5, 2)]); // [[1, 2]]
 */
export function findOverlapCandidates(children: OverlapChild[], box: [number, number, number, number] | null = null, eps = OVERLAP_SCREEN_EPS): [number, number][] {
  const shapes = children
    .map((c) => ({ child: c, shape: new EdgeShape(c.coords) }))
    .filter(({ shape: { bbox, count } }) => count > 0 && (!box || (bbox[0] <= box[2] && bbox[2] >= box[0] && bbox[1] <= box[3] && bbox[3] >= box[1])));
  if (shapes.length < 2) return [];
  const index = new Flatbush(shapes.length);
  for (const { shape } of shapes) index.add(shape.bbox[0] - eps, shape.bbox[1] - eps, shape.bbox[2] + eps, shape.bbox[3] + eps);
  index.finish();
  const pairs: [number, number][] = [];
  shapes.forEach(({ child: a, shape: sa }, i) => {
    for (const j of index.search(...sa.bbox)) {
      if (j <= i) continue;
      const { child: b, shape: sb } = shapes[j];
      if (mayOverlap(sa, sb, eps)) pairs.push(a.id < b.id ? [a.id, b.id] : [b.id, a.id]);
    }
  });
  return pairs.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
}

function mayOverlap(a: EdgeShape, b: EdgeShape, eps: number): boolean {
  const ab = outlineInside(a, b, eps);
  if (ab === 'inside') return true;
  const ba = outlineInside(b, a, eps);
  if (ba === 'inside') return true;
  if (ab === 'apart' && ba === 'apart') return false;
  // Touching everywhere they meet: unless one polygon is the other, repeated.
  return a.interiorPoints().some(([x, y]) => b.insideBy(x, y, eps)) || b.interiorPoints().some(([x, y]) => a.insideBy(x, y, eps));
}

/**
 * Whether some of `a`'s outline lies inside `b` by more than ε ('inside'), else whether the two
 * outlines come within ε of each other anywhere ('touching'), else 'apart'. An edge that nothing
 * of b's outline comes within ε of is wholly inside b or wholly outside; so is a run of such
 * edges, up to an edge b touches, whose first stretch then starts inside b. So only a ring that b
 * touches nowhere needs a vertex tested; the others are decided by their cut stretches.
 */
function outlineInside(a: EdgeShape, b: EdgeShape, eps: number): 'inside' | 'touching' | 'apart' {
  const q = b.edges;
  const p = a.edges;
  // Per ring of a: -1 not near b's box, -2 touched by b, else an edge whose first vertex to test.
  const rings = new Int32Array(a.rings).fill(-1);
  let touching = false;
  let inside = false;
  a.edgesNear(b.bbox[0] - eps, b.bbox[1] - eps, b.bbox[2] + eps, b.bbox[3] + eps, (i) => {
    if (inside) return;
    const k = 4 * i;
    const [px, py, rx, ry] = [p[k], p[k + 1], p[k + 2], p[k + 3]];
    const dx = rx - px;
    const dy = ry - py;
    const len = Math.hypot(dx, dy);
    const cuts: number[] = [];
    let touches = false;
    b.edgesNear(Math.min(px, rx) - eps, Math.min(py, ry) - eps, Math.max(px, rx) + eps, Math.max(py, ry) + eps, (f) => {
      if (inside) return;
      const m = 4 * f;
      const [qx, qy, ux, uy] = [q[m], q[m + 1], q[m + 2], q[m + 3]];
      const fx = ux - qx;
      const fy = uy - qy;
      const flen = Math.hypot(fx, fy);
      // Signed distances of each segment's ends from the other's line.
      const d1 = (fx * (py - qy) - fy * (px - qx)) / flen;
      const d2 = (fx * (ry - qy) - fy * (rx - qx)) / flen;
      const d3 = (dx * (qy - py) - dy * (qx - px)) / len;
      const d4 = (dx * (uy - py) - dy * (ux - px)) / len;
      if (d1 * d2 < 0 && d3 * d4 < 0) {
        // A clean crossing: part of this edge is inside b.
        if (Math.abs(d1) > eps && Math.abs(d2) > eps && Math.abs(d3) > eps && Math.abs(d4) > eps) {
          inside = true;
          return;
        }
        cuts.push(d1 / (d1 - d2));
        touches = true;
      }
      // b's vertices on (or within ε of) this edge cut it; this edge's ends near b's edge touch it.
      for (const [x, y] of [[qx, qy], [ux, uy]]) {
        const t = Math.max(0, Math.min(1, ((x - px) * dx + (y - py) * dy) / (len * len)));
        if (Math.hypot(px + dx * t - x, py + dy * t - y) <= eps) {
          cuts.push(t);
          touches = true;
        }
      }
      if (!touches) {
        for (const [x, y] of [[px, py], [rx, ry]]) {
          const t = Math.max(0, Math.min(1, ((x - qx) * fx + (y - qy) * fy) / (flen * flen)));
          if (Math.hypot(qx + fx * t - x, qy + fy * t - y) <= eps) touches = true;
        }
      }
    });
    if (inside) return;
    const ring = a.ringOf[i];
    if (!touches) {
      if (rings[ring] === -1) rings[ring] = i;
      return;
    }
    rings[ring] = -2;
    touching = true;
    cuts.push(0, 1);
    cuts.sort((x, y) => x - y);
    for (let c = 0; c + 1 < cuts.length && !inside; c++) {
      if ((cuts[c + 1] - cuts[c]) * len <= 2 * eps) continue;
      const t = (cuts[c] + cuts[c + 1]) / 2;
      // A quarter of ε: the middle of a stretch running from deep inside b to where b's outline
      // touches it may lie nearer the outline than its start (see above).
      if (b.insideBy(px + dx * t, py + dy * t, eps / 4)) inside = true;
    }
  });
  if (inside) return 'inside';
  for (const i of rings) if (i >= 0 && b.insideBy(p[4 * i], p[4 * i + 1], eps)) return 'inside';
  return touching ? 'touching' : 'apart';
}
