import { isContiguous } from './connected_parts.ts';
import { polsbyPopper } from './polsby_popper.ts';
import type { UnitGraph } from './unit_graph.ts';

export interface GroupFigures {
  households: number;
  areaM2: number;
  perimeterM: number;
  polsbyPopper: number;
  contiguous: boolean;
}

/**
 * Households, area, outline and compactness of a group of units, without geometry: the outline
 * is the units' perimeters less twice the borders they share with each other.
 *
 * @example describeGroup(graph, [0, 1]).perimeterM // 600 for two 100 m squares side by side
 */
export function describeGroup(graph: UnitGraph, units: readonly number[]): GroupFigures {
  const inGroup = new Set(units);
  let households = 0;
  let areaM2 = 0;
  let perimeterM = 0;
  for (const u of units) {
    households += graph.households[u];
    areaM2 += graph.area[u];
    perimeterM += graph.perimeter[u];
    graph.neighbours[u].forEach((v, k) => {
      if (inGroup.has(v)) perimeterM -= graph.shared[u][k];
    });
  }
  perimeterM = Math.max(0, perimeterM);
  return { households, areaM2, perimeterM, polsbyPopper: round3(polsbyPopper(areaM2, perimeterM)), contiguous: isContiguous(graph, units) };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
