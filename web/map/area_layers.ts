import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { KIND_COLOURS, kindColourExpression } from './area_style.ts';
import { SIZING_COLOURS } from './sizing_status.ts';

/** The font stack for labels: drawn in the browser from local fonts (MapLibre 6 needs no glyphs URL for that). */
export const LABEL_FONT = ['Noto Sans CJK SC'];

/** How one area level is drawn: its tile layer, when it appears, its outline and its labels. */
export interface AreaLevelStyle {
  layer: string;
  level: string;
  minzoom: number;
  line: string;
  width: number;
  labelFrom: number;
  labelTo: number;
  textSize: number;
}

/** Area levels drawn, top down: the tile layer, when each appears, its outline and its labels. */
export const AREA_LEVELS: readonly AreaLevelStyle[] = [
  { layer: 'towns', level: 'town', minzoom: 0, line: '#0b1f33', width: 3, labelFrom: 0, labelTo: 11, textSize: 16 },
  { layer: 'communities', level: 'community', minzoom: 0, line: '#17324d', width: 2.2, labelFrom: 11, labelTo: 14, textSize: 13 },
  { layer: 'grids', level: 'grid', minzoom: 11, line: '#1f5f99', width: 1.3, labelFrom: 13.5, labelTo: 16, textSize: 12 },
  { layer: 'units', level: 'unit', minzoom: 14, line: '#7fa7cf', width: 0.6, labelFrom: 16, labelTo: 24, textSize: 11 },
];

// The default levels' looks by depth, for levels of other names at the same depth (a city is
// drawn as a town, a neighbourhood as a community …); deeper ones as units.
const BY_DEPTH: Omit<AreaLevelStyle, 'layer' | 'level'>[] = [...AREA_LEVELS.map(({ layer: _l, level: _v, ...look }) => look)];
BY_DEPTH.splice(3, 0, { minzoom: 13, line: '#4f86bd', width: 0.9, labelFrom: 15, labelTo: 17, textSize: 11 });

/**
 * The levels a tree uses, top down, as the server lists them (GET /tiles/layers.json: area layers
 * with their `level` and `depth`), each with its look: the default levels keep theirs, any other
 * takes the look of its depth. A tree without areas (or an old server) draws the default levels.
 *
 * @example areaLevelStyles([{ name: 'city', level: 'city', depth: 0 }, { name: 'neighbourhood', level: 'neighbourhood', depth: 1 }])
 *          // [{ layer: 'city', level: 'city', minzoom: 0, … }, { layer: 'neighbourhood', …, labelFrom: 11 }]
 */
export function areaLevelStyles(layers: readonly { name: string; level?: string | null; depth?: number | null }[]): AreaLevelStyle[] {
  const used = layers.filter((l) => l.level && typeof l.depth === 'number');
  if (used.length === 0) return [...AREA_LEVELS];
  return used.map((l, i) => {
    const known = AREA_LEVELS.find((d) => d.level === l.level);
    if (known) return known;
    const look = BY_DEPTH[Math.min(l.depth ?? i, BY_DEPTH.length - 1)];
    return { layer: l.name, level: l.level as string, ...look };
  });
}

export type ColourMode = 'kind' | 'sizing';

/**
 * Fill colour of grids: by kind (base / dedicated kinds), or by sizing status from feature-state
 * (set from /tiles/grids/counts.json), grey until the counts arrive.
 */
export function gridFillColour(mode: ColourMode): ExpressionSpecification {
  if (mode === 'kind') return kindColourExpression();
  return [
    'match',
    ['coalesce', ['feature-state', 'status'], 'unknown'],
    ...Object.entries(SIZING_COLOURS).flat(),
    '#cccccc',
  ] as unknown as ExpressionSpecification;
}

/**
 * The label of an area: its name, at every level (units by their building, estate or village
 * group); the code shows on hover, in the card and in exports, never on the map.
 */
export function labelText(_level: string): ExpressionSpecification {
  return ['get', 'name'];
}

/**
 * The MapLibre layers that draw the area tree from its vector tiles (sources named `areas-<layer>`):
 * a fill per level (grids coloured by `mode`), outlines, a dashed outline for dedicated grids
 * (专属网格) and labels that appear with zoom.
 */
export function areaLayerSpecs(mode: ColourMode, levels: readonly AreaLevelStyle[] = AREA_LEVELS): LayerSpecification[] {
  const fills: LayerSpecification[] = [];
  const lines: LayerSpecification[] = [];
  const labels: LayerSpecification[] = [];
  for (const l of levels) {
    const source = `areas-${l.layer}`;
    const common = { source, 'source-layer': l.layer, minzoom: l.minzoom };
    if (l.level === 'grid') {
      fills.push({ id: 'grids-fill', type: 'fill', ...common, paint: { 'fill-color': gridFillColour(mode), 'fill-opacity': mode === 'sizing' ? 0.45 : 0.18 } });
    } else if (l.level !== 'town') {
      fills.push({ id: `${l.layer}-fill`, type: 'fill', ...common, paint: { 'fill-color': kindColourExpression(), 'fill-opacity': l.level === 'community' ? 0.08 : 0.04 } });
    }
    lines.push({ id: `${l.layer}-line`, type: 'line', ...common, paint: { 'line-color': l.line, 'line-width': l.width } });
    if (l.level === 'grid') {
      lines.push({
        id: 'grids-dedicated',
        type: 'line',
        ...common,
        filter: ['==', ['get', 'dedicated'], true],
        paint: { 'line-color': ['match', ['get', 'kind'], ...Object.entries(KIND_COLOURS).flat(), '#333'] as unknown as ExpressionSpecification, 'line-width': 3, 'line-dasharray': [2, 1] },
      });
    }
    labels.push({
      id: `${l.layer}-label`,
      type: 'symbol',
      // One point per area from the tiles' `<layer>_label` layer, so that an area spanning several
      // tiles is labelled once.
      source,
      'source-layer': `${l.layer}_label`,
      minzoom: l.labelFrom,
      maxzoom: l.labelTo,
      layout: {
        'text-field': labelText(l.level),
        'text-font': LABEL_FONT,
        'text-size': l.textSize,
        'text-max-width': 8,
        'symbol-placement': 'point',
        'text-padding': 4,
      },
      paint: { 'text-color': l.line, 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    });
  }
  // Highlight of the selected area, on top of every outline; from the level's own zoom, since a
  // layer visible at a zoom makes MapLibre fetch its source's tiles there (unit tiles at z12 were
  // a megabyte of the first view for a highlight that shows nothing).
  const highlight: LayerSpecification[] = levels.map((l) => ({
    id: `${l.layer}-selected`,
    type: 'line',
    source: `areas-${l.layer}`,
    'source-layer': l.layer,
    minzoom: l.minzoom,
    filter: ['==', ['get', 'code'], ''],
    paint: { 'line-color': '#ff00aa', 'line-width': 3.5 },
  }));
  return [...fills, ...lines, ...highlight, ...labels];
}
