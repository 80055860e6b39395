import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { LABEL_FONT } from './area_layers.ts';

/** Every layer id the offline basemap adds starts with this (GridMap removes them by it). */
export const BASEMAP_PREFIX = 'basemap-';
/** The land colour under an offline basemap (the map's background layer). */
export const LAND_COLOUR = '#f3efe6';

// A place's name in Chinese: an OpenStreetMap extract's name:zh-Hans or name:zh, else its own name.
const NAME: ExpressionSpecification = ['coalesce', ['get', 'name:zh-Hans'], ['get', 'name:zh'], ['get', 'name']];
// Widths in pixels at zoom 11, 14 and 17: streets stay visible through the grids' tint at the first view.
const ROAD_WIDTH = (major: [number, number, number], minor: [number, number, number]): ExpressionSpecification => {
  const at = (k: number): ExpressionSpecification => ['match', ['get', 'kind'], ['highway', 'major_road'], major[k], minor[k]];
  return ['interpolate', ['linear'], ['zoom'], 11, at(0), 14, at(1), 17, at(2)];
};

/**
 * Gridwork's own zh-CN style for a vector basemap in the Protomaps basemap schema (`water`,
 * `physical_line`, `landuse`, `roads`, `buildings`, `pois`, `places`): the demo town's generated
 * basemap and an OpenStreetMap extract alike. Quiet colours, so the grids drawn over it stay the
 * first thing seen; Chinese names drawn from the browser's own CJK fonts (no glyph files, so it
 * works offline); labels are optional symbols that give way to one another (MapLibre's collision)
 * and to the area labels above them.
 */
export function offlineBasemapLayers(source: string): LayerSpecification[] {
  const p = BASEMAP_PREFIX;
  const label = { 'text-font': LABEL_FONT, 'text-field': NAME, 'text-optional': true } as const;
  const halo = { 'text-halo-color': '#ffffff', 'text-halo-width': 1.4 } as const;
  return [
    { id: `${p}landuse`, type: 'fill', source, 'source-layer': 'landuse', paint: { 'fill-color': ['match', ['get', 'kind'], ['park', 'forest', 'wood', 'grass'], '#dde9d3', ['farmland', 'farm'], '#eef0d8', '#ece6da'], 'fill-opacity': 0.8 } },
    { id: `${p}water`, type: 'fill', source, 'source-layer': 'water', paint: { 'fill-color': '#a9cde8' } },
    { id: `${p}buildings`, type: 'fill', source, 'source-layer': 'buildings', minzoom: 14, paint: { 'fill-color': '#d6ccbc', 'fill-outline-color': '#a99c88', 'fill-opacity': ['interpolate', ['linear'], ['zoom'], 14, 0.6, 16, 1] } },
    { id: `${p}roads-casing`, type: 'line', source, 'source-layer': 'roads', layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': '#b9a888', 'line-width': ROAD_WIDTH([3, 6, 16], [2, 4.5, 11]) } },
    { id: `${p}roads`, type: 'line', source, 'source-layer': 'roads', layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': ['match', ['get', 'kind'], ['highway', 'major_road'], '#fcd88a', '#ffffff'], 'line-width': ROAD_WIDTH([1.8, 4.5, 13], [1, 3, 8.5]) } },
    { id: `${p}water-label`, type: 'symbol', source, 'source-layer': 'physical_line', minzoom: 12, layout: { ...label, 'symbol-placement': 'line', 'text-size': 13, 'text-letter-spacing': 0.4 }, paint: { 'text-color': '#3b6f99', ...halo } },
    { id: `${p}roads-label`, type: 'symbol', source, 'source-layer': 'roads', minzoom: 13, filter: ['has', 'name'], layout: { ...label, 'symbol-placement': 'line', 'text-size': 12, 'symbol-spacing': 300 }, paint: { 'text-color': '#6b5a3e', ...halo } },
    { id: `${p}pois-label`, type: 'symbol', source, 'source-layer': 'pois', minzoom: 15.5, layout: { ...label, 'text-size': 11, 'symbol-sort-key': ['match', ['get', 'kind'], ['school', 'hospital', 'government'], 0, 1] }, paint: { 'text-color': '#7a6f66', ...halo } },
    // The town's and the communities' names are the area layers' labels up to zoom 14; from there on the basemap names the neighbourhoods and villages.
    { id: `${p}places-label`, type: 'symbol', source, 'source-layer': 'places', minzoom: 14, filter: ['!=', ['get', 'kind'], 'locality'], layout: { ...label, 'text-size': 13 }, paint: { 'text-color': '#5b5048', ...halo } },
  ];
}
