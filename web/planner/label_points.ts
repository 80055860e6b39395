import { bbox, booleanPointInPolygon, centerOfMass, centroid, pointOnFeature } from '@turf/turf';

type Area = GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon>;

/**
 * A point well inside a cell: its centroid or centre of mass when either lies strictly inside,
 * else the middle of the widest stretch of a horizontal line across it (an L or C shape), and
 * only as a last resort Turf's point-on-feature, which can fall on the outline.
 * Example: interiorPoint(square 0–1) → [0.5, 0.5].
 */
export function interiorPoint(f: Area): [number, number] {
  const inside = (p: [number, number]) => booleanPointInPolygon(p, f, { ignoreBoundary: true });
  for (const candidate of [centroid(f), centerOfMass(f)]) {
    const p = candidate.geometry.coordinates as [number, number];
    if (inside(p)) return p;
  }
  const [, south, , north] = bbox(f);
  const rings = f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
  for (const share of [0.5, 0.3, 0.7, 0.15, 0.85]) {
    const y = south + (north - south) * share;
    const xs: number[] = [];
    for (const ring of rings) {
      for (let i = 1; i < ring.length; i++) {
        const [x1, y1] = ring[i - 1];
        const [x2, y2] = ring[i];
        if ((y1 <= y && y < y2) || (y2 <= y && y < y1)) xs.push(x1 + ((y - y1) / (y2 - y1)) * (x2 - x1));
      }
    }
    xs.sort((a, b) => a - b);
    let best: [number, number] | null = null;
    let width = 0;
    // Crossings pair up into stretches inside the cell: [x0, x1], [x2, x3] …
    for (let i = 0; i + 1 < xs.length; i += 2) {
      if (xs[i + 1] - xs[i] > width) {
        width = xs[i + 1] - xs[i];
        best = [(xs[i] + xs[i + 1]) / 2, y];
      }
    }
    if (best && inside(best)) return best;
  }
  return pointOnFeature(f).geometry.coordinates as [number, number];
}

/**
 * One label point per cell, inside it (so a C-shaped cell is labelled on itself, not in its
 * neighbour), carrying the cell's properties.
 * Example: labelPoints(fc of one square grid) → one Point feature at the square's centre.
 */
export function labelPoints(fc: GeoJSON.FeatureCollection): GeoJSON.FeatureCollection<GeoJSON.Point> {
  return {
    type: 'FeatureCollection',
    features: fc.features
      .filter((f) => f.geometry && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon'))
      .map((f) => ({ type: 'Feature', properties: f.properties, geometry: { type: 'Point', coordinates: interiorPoint(f as Area) } })),
  };
}
