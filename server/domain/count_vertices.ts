/**
 * The positions in a GeoJSON geometry's coordinates, whatever its type (a GeometryCollection's
 * members added up); 0 for anything that is not one. Counted by walking the arrays, without
 * trusting their shape: it runs on bodies before anything else has checked them.
 *
 * @example countVertices({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }) // → 4
 */
export function countVertices(geometry: unknown): number {
  if (!geometry || typeof geometry !== 'object') return 0;
  const g = geometry as { type?: unknown; coordinates?: unknown; geometries?: unknown };
  if (g.type === 'GeometryCollection' && Array.isArray(g.geometries)) return g.geometries.reduce((n: number, m) => n + countVertices(m), 0);
  return countPositions(g.coordinates, 0);
}

function countPositions(c: unknown, depth: number): number {
  if (!Array.isArray(c) || depth > 4) return 0;
  if (typeof c[0] === 'number') return 1;
  let n = 0;
  for (const x of c) n += countPositions(x, depth + 1);
  return n;
}
