import type { MultiPolygon, Polygon } from 'geojson';

/**
 * A proposed change to the grids, shaped as a draft the planner can open. Never applied by the
 * sizing service. Field names are the API's (snake_case).
 */
export interface SizingProposal {
  id?: number;
  kind: 'split' | 'merge' | 'rebalance';
  root: string;
  seed: string;
  band: { min: number; max: number };
  /** Every base grid of the plan is in band. */
  feasible: boolean;
  /** Why a grid could not be put in band, or what the request asked that did not apply. */
  reasons: ProposalReason[];
  /** Every unit the plan covers, moved or not. */
  assignments: { unit_code: string; from_grid: string | null; to_grid: string }[];
  grids: ProposedGrid[];
  /** Current grids that the plan leaves with no units. */
  removed_grids: string[];
  moved: { households: number; units: number };
}

export interface ProposedGrid {
  code: string;
  name: string;
  container: string;
  /** A code not in use today. */
  new: boolean;
  /** A dedicated (or exempt) grid kept exactly as it is. */
  kept: boolean;
  units: string[];
  households: number;
  status: 'under' | 'within' | 'over' | 'exempt';
  /** 4πA/P² of the union of its units, from unit areas, perimeters and shared borders. */
  polsby_popper: number;
  /** Its units form one piece by shared borders. */
  contiguous: boolean;
  /** The union of its units; added by the service. */
  geometry?: Polygon | MultiPolygon | null;
}

export type ReasonCause =
  | 'isolated'
  | 'too_few'
  | 'no_count_fits'
  | 'unit_over'
  | 'not_found'
  | 'no_neighbour'
  | 'no_merge_fits'
  | 'not_over'
  | 'not_under'
  | 'not_base';

export interface ProposalReason {
  cause: ReasonCause;
  grids: string[];
  units: string[];
  message: string;
}
