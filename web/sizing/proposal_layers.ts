import type { LayersList } from '@deck.gl/core';
import type { DeckModules } from '../map/grid_map.ts';
import type { ProposalFeature } from './proposal_model.ts';

// Nearly opaque: the deviation colours underneath would otherwise tint the preview. Grids in
// band take one of four greens in turn, so that neighbouring proposed grids read apart.
const WITHIN: [number, number, number, number][] = [
  [166, 217, 106, 215],
  [102, 189, 99, 215],
  [217, 239, 139, 215],
  [26, 152, 80, 200],
];
const FILL: Record<string, [number, number, number, number]> = {
  under: [103, 169, 207, 215],
  over: [239, 138, 98, 215],
  exempt: [180, 167, 214, 200],
};

/** The preview's fill of the `index`-th proposed grid. */
export function proposalFill(status: string, index: number): [number, number, number, number] {
  return status === 'within' ? WITHIN[index % WITHIN.length] : (FILL[status] ?? [120, 120, 120, 100]);
}

/**
 * The proposal preview: each proposed grid filled by its status (green in band, blue under, red
 * over), the ones that change outlined in magenta, and labelled with households and compactness.
 */
export function proposalLayers({ layers: { GeoJsonLayer, TextLayer } }: DeckModules, features: ProposalFeature[]): LayersList {
  const asFeatures = features.map((f, index) => ({ type: 'Feature' as const, geometry: f.geometry, properties: { ...f, index } }));
  return [
    new GeoJsonLayer({
      id: 'proposal-grids',
      data: asFeatures,
      filled: true,
      stroked: true,
      getFillColor: (f) => proposalFill(f.properties.status, f.properties.index),
      getLineColor: (f) => (f.properties.changed ? [255, 0, 170, 255] : [60, 60, 60, 200]),
      getLineWidth: (f) => (f.properties.changed ? 3 : 1.5),
      lineWidthUnits: 'pixels',
      pickable: true,
    }),
    new TextLayer<ProposalFeature>({
      id: 'proposal-labels',
      data: features,
      getPosition: (f) => f.labelAt,
      getText: (f) => f.label,
      getSize: 13,
      getColor: [20, 20, 20, 255],
      background: true,
      getBackgroundColor: [255, 255, 255, 220],
      backgroundPadding: [3, 2],
      fontFamily: 'Noto Sans, sans-serif',
    }),
  ];
}
