/**
 * The units of one proposal as flat arrays indexed 0..n-1: households, area, perimeter, a
 * centroid in metres, and neighbours by shared border (never by a touching corner) with the
 * border's length. Everything the grouping algorithms need, with no geometry.
 */
export interface UnitGraph {
  codes: string[];
  households: number[];
  /** m² */
  area: number[];
  /** m, the unit's whole outline */
  perimeter: number[];
  /** Centroid in metres on a local plane. */
  x: number[];
  y: number[];
  neighbours: number[][];
  /** Shared border length in m, parallel to `neighbours`. */
  shared: number[][];
}

export interface GraphUnit {
  code: string;
  households: number;
  areaM2: number;
  perimeterM: number;
  lon: number;
  lat: number;
}

export interface UnitAdjacency {
  a: string;
  b: string;
  /** Shared border in m; pairs with 0 (corner touches) are dropped. */
  length: number;
}

/**
 * Builds the graph from units and their adjacencies (each pair once, in either order). Codes
 * in `adjacency` that are not among `units` are ignored.
 *
 * @example buildUnitGraph([{ code: 'A', … }, { code: 'B', … }], [{ a: 'A', b: 'B', length: 120 }]).neighbours // [[1], [0]]
 */
export function buildUnitGraph(units: readonly GraphUnit[], adjacency: readonly UnitAdjacency[]): UnitGraph {
  const index = new Map(units.map((u, i) => [u.code, i]));
  const lat0 = units.length ? units.reduce((s, u) => s + u.lat, 0) / units.length : 0;
  const mPerDegY = 111_320;
  const mPerDegX = 111_320 * Math.cos((lat0 * Math.PI) / 180);
  const g: UnitGraph = {
    codes: units.map((u) => u.code),
    households: units.map((u) => u.households),
    area: units.map((u) => u.areaM2),
    perimeter: units.map((u) => u.perimeterM),
    x: units.map((u) => u.lon * mPerDegX),
    y: units.map((u) => u.lat * mPerDegY),
    neighbours: units.map(() => []),
    shared: units.map(() => []),
  };
  const seen = new Set<string>();
  for (const e of adjacency) {
    const i = index.get(e.a);
    const j = index.get(e.b);
    if (i === undefined || j === undefined || i === j || !(e.length > 0)) continue;
    const key = i < j ? `${i} ${j}` : `${j} ${i}`;
    if (seen.has(key)) continue;
    seen.add(key);
    g.neighbours[i].push(j);
    g.shared[i].push(e.length);
    g.neighbours[j].push(i);
    g.shared[j].push(e.length);
  }
  return g;
}
