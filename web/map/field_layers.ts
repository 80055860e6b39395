import type { LayerSpecification, SourceSpecification } from 'maplibre-gl';

/** The phone's own layers: the user's area outlined, and where they are with how sure the phone is. */
export const FIELD_SOURCES: Record<string, SourceSpecification> = {
  'field-area': { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
  'field-position': { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
  // The units of the user's grid as GeoJSON (from the API, which the service worker keeps): drawn
  // without a network too, when the area tiles cannot be fetched.
  'field-units': { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
  // The patrol being walked (巡查), as the phone recorded it.
  'field-track': { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
};

export const FIELD_LAYERS: LayerSpecification[] = [
  { id: 'field-units-line', type: 'line', source: 'field-units', paint: { 'line-color': '#7fa7cf', 'line-width': 0.8 } },
  { id: 'field-area-line', type: 'line', source: 'field-area', paint: { 'line-color': '#d9480f', 'line-width': 3.5 } },
  { id: 'field-track-line', type: 'line', source: 'field-track', layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': '#7048e8', 'line-width': 4 } },
  { id: 'field-accuracy', type: 'fill', source: 'field-position', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#1c7ed6', 'fill-opacity': 0.15, 'fill-outline-color': '#1c7ed6' } },
  {
    id: 'field-position-dot',
    type: 'circle',
    source: 'field-position',
    filter: ['==', ['geometry-type'], 'Point'],
    paint: { 'circle-radius': 7, 'circle-color': '#1c7ed6', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2.5 },
  },
];

/**
 * A circle of `radiusM` metres around a point, as a polygon of `steps` vertices (on a local flat
 * projection: exact enough for the tens of metres of a GPS accuracy).
 *
 *   accuracyCircle(120, 30, 100).coordinates[0][0]  // → [120, 30.000898…] (100 m north)
 */
export function accuracyCircle(lon: number, lat: number, radiusM: number, steps = 48): GeoJSON.Polygon {
  const dLat = radiusM / 110_574;
  const dLon = radiusM / (111_320 * Math.cos((lat * Math.PI) / 180));
  const ring: [number, number][] = [];
  for (let i = 0; i <= steps; i++) {
    const a = ((i % steps) / steps) * 2 * Math.PI;
    ring.push([lon + dLon * Math.sin(a), lat + dLat * Math.cos(a)]);
  }
  return { type: 'Polygon', coordinates: [ring] };
}

/** The position layer's data: the accuracy circle and the dot. */
export function positionFeatures(p: { lon: number; lat: number; accuracy: number } | null): GeoJSON.FeatureCollection {
  if (!p) return { type: 'FeatureCollection', features: [] };
  return {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { accuracy: p.accuracy }, geometry: accuracyCircle(p.lon, p.lat, p.accuracy) },
      { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [p.lon, p.lat] } },
    ],
  };
}
