import type { GraphUnit, UnitAdjacency } from './unit_graph.ts';

/**
 * Everything a proposal is computed from, as plain data: the units under the root with their
 * households and current grid, the grids and the communities (containers) they sit in, and
 * which units share a border. Loaded by the service, made up by the tests.
 */
export interface SizingScope {
  units: ScopeUnit[];
  adjacency: UnitAdjacency[];
  grids: ScopeGrid[];
  containers: ScopeContainer[];
  /** Codes already in use, which a new grid's code must avoid. */
  takenCodes: ReadonlySet<string>;
}

export interface ScopeUnit extends GraphUnit {
  /** Its current grid's code, null when it is in none (an area never gridded). */
  grid: string | null;
  /** The community (or other area) whose grids it may join: grids never cross it. */
  container: string;
}

export interface ScopeGrid {
  code: string;
  name: string;
  kind: string;
  container: string;
  /** Kept as it is (专属网格, or exempt under its rule): its units are never moved. */
  fixed: boolean;
}

export interface ScopeContainer {
  code: string;
  name: string;
}
