import type { Position } from 'geojson';

/** Polygons as GeoJSON MultiPolygon coordinates: [polygon][ring][vertex][x, y]. */
export type PolygonsCoords = Position[][][];

/**
 * Matches the directed edges of a parent against its children's, the way a shared-edge
 * topology does: orient every exterior ring counter-clockwise and every hole clockwise; each
 * child edge a→b counts +1, each parent edge a→b −1, and an edge b→a cancels an edge a→b. When
 * the children tile the parent exactly, with vertices shared exactly, every edge cancels and the
 * answer is 0. Any gap, overlap or spill leaves edges over, and so does a T-junction (a vertex of
 * one neighbour lying on the other's edge): a non-zero answer means "look closer", never a verdict.
 *
 * Vertices are compared exactly, as numbers. Returns the number of edges left over and the box
 * around them ([west, south, east, north], or null when none are).
 *
 * @example
 * const sq = (x: number): PolygonsCoords => [[[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]]];
 * countUnmatchedEdges([[[[0, 0], [2, 0], [2, 1], [0, 1], [0, 0]]]], [sq(0), sq(1)]).unmatched; // 2: [2,0] isn't a vertex of the parent
 */
export function countUnmatchedEdges(parent: PolygonsCoords, children: PolygonsCoords[]): { unmatched: number; bbox: [number, number, number, number] | null } {
  // Vertex ids by x then y: two number-keyed maps are several times faster than string keys.
  const vertexIds = new Map<number, Map<number, number>>();
  const coords: Position[] = [];
  const net = new Map<number, number>();
  const vertexId = (p: Position) => {
    let byY = vertexIds.get(p[0]);
    if (!byY) vertexIds.set(p[0], (byY = new Map()));
    let id = byY.get(p[1]);
    if (id === undefined) {
      id = coords.length;
      byY.set(p[1], id);
      coords.push(p);
    }
    return id;
  };
  const add = (polygons: PolygonsCoords, weight: 1 | -1) => {
    for (const polygon of polygons) {
      polygon.forEach((ring, r) => {
        // Exterior rings counter-clockwise (positive signed area), holes clockwise.
        const flip = (signedArea(ring) > 0) !== (r === 0);
        for (let i = 0; i + 1 < ring.length; i++) {
          let a = vertexId(ring[i]);
          let b = vertexId(ring[i + 1]);
          if (a === b) continue;
          if (flip) [a, b] = [b, a];
          // One key per undirected edge; the sign says which way this one runs.
          const key = a < b ? a * 2 ** 26 + b : b * 2 ** 26 + a;
          const sign = a < b ? weight : -weight;
          net.set(key, (net.get(key) ?? 0) + sign);
        }
      });
    }
  };
  for (const child of children) add(child, 1);
  add(parent, -1);

  let unmatched = 0;
  let bbox: [number, number, number, number] | null = null;
  for (const [key, n] of net) {
    if (n === 0) continue;
    unmatched += Math.abs(n);
    for (const id of [Math.floor(key / 2 ** 26), key % 2 ** 26]) {
      const [x, y] = coords[id];
      bbox = bbox ? [Math.min(bbox[0], x), Math.min(bbox[1], y), Math.max(bbox[2], x), Math.max(bbox[3], y)] : [x, y, x, y];
    }
  }
  return { unmatched, bbox };
}

function signedArea(ring: Position[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s / 2;
}
