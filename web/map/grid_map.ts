import * as maplibregl from 'maplibre-gl';
import type { Map as MapLibreMap } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { kindColourExpression } from './area_style.ts';

maplibregl.setWorkerUrl(workerUrl);

/** Levels drawn, from the top of the tree down, with the zoom at which each appears. */
const LEVELS = [
  { level: 'community', minzoom: 0, line: '#17324d', width: 2.5 },
  { level: 'grid', minzoom: 11, line: '#1f5f99', width: 1.5 },
  { level: 'unit', minzoom: 14, line: '#7fa7cf', width: 0.6 },
];

/**
 * The one owner of the MapLibre map: views ask it to show things, none touches the map itself.
 * Works with no remote basemap; an optional raster basemap URL goes underneath.
 */
export class GridMap {
  readonly map: MapLibreMap;

  constructor(container: HTMLElement, basemapUrl: string | null) {
    this.map = new maplibregl.Map({
      container,
      center: [120.0853, 29.3042],
      zoom: 12,
      attributionControl: false,
      style: {
        version: 8,
        sources: basemapUrl ? { basemap: { type: 'raster', tiles: [basemapUrl], tileSize: 256 } } : {},
        layers: [
          { id: 'background', type: 'background', paint: { 'background-color': '#eef1f4' } },
          ...(basemapUrl ? [{ id: 'basemap', type: 'raster' as const, source: 'basemap' }] : []),
        ],
      },
    });
    this.map.addControl(new maplibregl.NavigationControl(), 'top-right');
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
  }

  loaded(): Promise<void> {
    return this.map.loaded() ? Promise.resolve() : new Promise((resolve) => this.map.once('load', () => resolve()));
  }

  /** Resolves when everything asked for so far has been drawn (MapLibre's `idle`). */
  drawn(): Promise<void> {
    return new Promise((resolve) => this.map.once('idle', () => resolve()));
  }

  /** Draws one level of areas, filled by kind and outlined, and fits the view on the first. */
  showAreas(level: string, data: GeoJSON.FeatureCollection): void {
    const spec = LEVELS.find((l) => l.level === level) ?? { level, minzoom: 0, line: '#333', width: 1 };
    const id = `areas-${level}`;
    this.map.addSource(id, { type: 'geojson', data });
    this.map.addLayer({ id: `${id}-fill`, type: 'fill', source: id, minzoom: spec.minzoom, paint: { 'fill-color': kindColourExpression(), 'fill-opacity': 0.12 } });
    this.map.addLayer({ id: `${id}-line`, type: 'line', source: id, minzoom: spec.minzoom, paint: { 'line-color': spec.line, 'line-width': spec.width } });
  }

  fitTo(data: GeoJSON.FeatureCollection): void {
    const bounds = new maplibregl.LngLatBounds();
    for (const f of data.features) {
      if (f.geometry.type !== 'MultiPolygon' && f.geometry.type !== 'Polygon') continue;
      const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      for (const ring of polys.map((p) => p[0])) for (const [x, y] of ring) bounds.extend([x, y]);
    }
    if (!bounds.isEmpty()) this.map.fitBounds(bounds, { padding: 30, duration: 0 });
  }
}

export { LEVELS };
