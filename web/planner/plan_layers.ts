import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { SIZING_COLOURS } from '../map/sizing_status.ts';
import { COVERAGE_COLOURS } from '../map/coverage_problems.ts';
import { LABEL_FONT } from '../map/area_layers.ts';
import type { SizingStatus } from './plan_types.ts';

/** Outline colours by how a draft's cell stands against the published tree. */
// Purple and teal: apart from the sizing colours (orange under, green within, red over) beneath them.
export const STATE_COLOURS = { changed: '#8e24aa', new: '#00897b', deleted: '#888888' } as const;

/**
 * The draft's cells with the sizing status of each (from the live check) in `status`, so that the
 * fill can be coloured by it; cells not yet checked get 'unknown' (grey).
 * Example: withStatus(fc of grid A, new Map([['A', 'over']])) → A's properties.status === 'over'.
 */
export function withStatus(fc: GeoJSON.FeatureCollection, statuses: Map<string, SizingStatus>): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: fc.features.map((f, i) => ({
      ...f,
      // MapLibre needs numeric ids for feature-state; the code stays in properties.
      id: i + 1,
      properties: { ...f.properties, status: statuses.get(String(f.properties?.code)) ?? 'unknown' },
    })),
  };
}

const match = (colours: Record<string, string>, fallback: string) =>
  ['match', ['get', 'status'], ...Object.entries(colours).flat(), fallback] as unknown as ExpressionSpecification;

/**
 * The planner's MapLibre layers over GeoJSON sources: `cells` (the draft's grids), `units`,
 * `root` (the plan's root outline), `problems` (coverage problems the check found), `diff`
 * (changed cells against the published tree) and `labels` (one point per cell); the units under
 * the brush are filled through a filter on `units`.
 */
export function plannerLayers(): LayerSpecification[] {
  const hidden = { visibility: 'none' as const };
  return [
    { id: 'background', type: 'background', paint: { 'background-color': '#eef1f4' } },
    { id: 'cells-fill', type: 'fill', source: 'cells', paint: { 'fill-color': match(SIZING_COLOURS, '#cccccc'), 'fill-opacity': 0.45 } },
    { id: 'units-line', type: 'line', source: 'units', minzoom: 14, paint: { 'line-color': '#7fa7cf', 'line-width': 0.6 } },
    { id: 'units-fill', type: 'fill', source: 'units', paint: { 'fill-color': '#000000', 'fill-opacity': 0 } },
    { id: 'painting-fill', type: 'fill', source: 'units', filter: ['in', ['get', 'code'], ['literal', []]], paint: { 'fill-color': '#3d85c6', 'fill-opacity': 0.55 } },
    { id: 'cells-line', type: 'line', source: 'cells', paint: { 'line-color': '#1f5f99', 'line-width': 1.3 } },
    {
      id: 'cells-changed',
      type: 'line',
      source: 'cells',
      filter: ['in', ['get', 'state'], ['literal', ['changed', 'new']]],
      paint: { 'line-color': ['match', ['get', 'state'], 'new', STATE_COLOURS.new, STATE_COLOURS.changed] as unknown as ExpressionSpecification, 'line-width': 3.5 },
    },
    { id: 'cells-locked', type: 'line', source: 'cells', filter: ['==', ['get', 'locked'], true], paint: { 'line-color': '#444444', 'line-width': 2, 'line-dasharray': [1, 1] } },
    { id: 'root-line', type: 'line', source: 'root', paint: { 'line-color': '#17324d', 'line-width': 2.5 } },
    { id: 'diff-fill', type: 'fill', source: 'diff', layout: hidden, paint: { 'fill-color': ['match', ['get', 'state'], 'new', STATE_COLOURS.new, 'deleted', STATE_COLOURS.deleted, STATE_COLOURS.changed] as unknown as ExpressionSpecification, 'fill-opacity': 0.35 } },
    { id: 'diff-line', type: 'line', source: 'diff', layout: hidden, paint: { 'line-color': ['match', ['get', 'state'], 'new', STATE_COLOURS.new, 'deleted', STATE_COLOURS.deleted, STATE_COLOURS.changed] as unknown as ExpressionSpecification, 'line-width': 3, 'line-dasharray': [2, 1] } },
    { id: 'problems-fill', type: 'fill', source: 'problems', filter: ['!=', ['geometry-type'], 'Point'], paint: { 'fill-color': ['match', ['get', 'kind'], ...Object.entries(COVERAGE_COLOURS).flat(), '#666666'] as unknown as ExpressionSpecification, 'fill-opacity': 0.7 } },
    { id: 'problems-line', type: 'line', source: 'problems', paint: { 'line-color': ['match', ['get', 'kind'], ...Object.entries(COVERAGE_COLOURS).flat(), '#666666'] as unknown as ExpressionSpecification, 'line-width': 3 } },
    { id: 'problems-points', type: 'circle', source: 'problems', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 6, 'circle-color': '#cc0000', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 } },
    { id: 'cells-selected', type: 'line', source: 'cells', filter: ['in', ['get', 'code'], ['literal', []]], paint: { 'line-color': '#ff00aa', 'line-width': 4 } },
    { id: 'units-selected', type: 'line', source: 'units', filter: ['in', ['get', 'code'], ['literal', []]], paint: { 'line-color': '#ff00aa', 'line-width': 3 } },
    { id: 'paint-target', type: 'line', source: 'cells', filter: ['==', ['get', 'code'], ''], paint: { 'line-color': '#3d85c6', 'line-width': 5 } },
    {
      id: 'cells-label',
      type: 'symbol',
      // One point per cell (label_points.ts), so that a cell spanning tiles is labelled once.
      source: 'labels',
      layout: {
        'text-field': ['format', ['get', 'name'], {}, '\n', {}, ['get', 'code'], { 'font-scale': 0.75 }] as unknown as ExpressionSpecification,
        'text-font': LABEL_FONT,
        'text-size': 12,
        'text-max-width': 8,
        'text-padding': 4,
      },
      paint: { 'text-color': '#17324d', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    },
  ];
}
