import type { LayersList } from '@deck.gl/core';
import type { DeckModules } from '../map/grid_map.ts';
import { isOverdue, type LiveEvent } from './event_model.ts';
import { pulseAt, statusColour } from './event_style.ts';
import type { HeatWeight } from './heat_window.ts';

export interface CommandCentreLayerData {
  events: LiveEvent[];
  heat: HeatWeight[];
  heatVisible: boolean;
  selected: string | null;
  nowMs: number;
}

/**
 * The command centre's deck.gl layers, bottom up: the heatmap, a red ring round each overdue
 * event, the points coloured by status, the selected event's outline, and the pulse of new
 * arrivals. Rebuilt on every change (deck.gl keeps the GPU state of layers by id).
 */
export function commandCentreLayers(
  { layers: { ScatterplotLayer }, aggregation: { HeatmapLayer } }: DeckModules,
  d: CommandCentreLayerData,
  onPick: (id: string) => void,
): LayersList {
  const overdue = d.events.filter((e) => isOverdue(e, d.nowMs));
  const pulsing = d.events.filter((e) => e.arrived_at !== undefined && pulseAt(d.nowMs - e.arrived_at) !== null);
  const selected = d.events.filter((e) => e.id === d.selected);
  const at = (e: LiveEvent): [number, number] => [e.lon, e.lat];
  return [
    new HeatmapLayer<HeatWeight>({
      id: 'events-heat',
      data: d.heat,
      visible: d.heatVisible,
      getPosition: (h) => h.position,
      getWeight: (h) => h.weight,
      radiusPixels: 36,
      intensity: 1,
      threshold: 0.04,
    }),
    new ScatterplotLayer<LiveEvent>({
      id: 'events-overdue',
      data: overdue,
      getPosition: at,
      filled: false,
      stroked: true,
      getLineColor: [170, 0, 0, 255],
      lineWidthMinPixels: 2.5,
      radiusUnits: 'pixels',
      getRadius: 10,
    }),
    new ScatterplotLayer<LiveEvent>({
      id: 'events-points',
      data: d.events,
      getPosition: at,
      getFillColor: (e) => statusColour(e.status),
      getLineColor: [255, 255, 255, 255],
      stroked: true,
      lineWidthMinPixels: 1,
      radiusUnits: 'pixels',
      getRadius: 6,
      pickable: true,
      onClick: (info) => {
        if (info.object) onPick(info.object.id);
      },
    }),
    new ScatterplotLayer<LiveEvent>({
      id: 'events-selected',
      data: selected,
      getPosition: at,
      filled: false,
      stroked: true,
      getLineColor: [255, 0, 170, 255],
      lineWidthMinPixels: 3,
      radiusUnits: 'pixels',
      getRadius: 13,
    }),
    new ScatterplotLayer<LiveEvent>({
      id: 'events-pulse',
      data: pulsing,
      getPosition: at,
      filled: false,
      stroked: true,
      getLineColor: (e) => [230, 57, 70, pulseAt(d.nowMs - e.arrived_at!)?.alpha ?? 0],
      getRadius: (e) => pulseAt(d.nowMs - e.arrived_at!)?.radiusPx ?? 0,
      radiusUnits: 'pixels',
      lineWidthMinPixels: 3,
      updateTriggers: { getLineColor: d.nowMs, getRadius: d.nowMs },
    }),
  ];
}
