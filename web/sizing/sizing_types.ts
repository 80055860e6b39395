import type { ProposedGrid } from '../../server/domain/sizing/sizing_proposal.ts';

/** GET /api/sizing (server/services/evaluate_sizing.ts SizingReport), the parts this view reads. */
export type CellStatus = 'under' | 'within' | 'over' | 'exempt' | 'no_rule';

export interface SizingCell {
  code: string;
  name: string;
  kind: string;
  parent_code: string | null;
  households: number;
  people: number;
  floating: number;
  facilities: number;
  events_per_month: number | null;
  band: { min: number | null; max: number | null } | null;
  status: CellStatus;
  deviation: { households: number; percent: number | null };
  mid_deviation_percent: number | null;
  breaches: string[];
  staff: { grid_workers_required: number | null; grid_workers: number | null; grid_workers_short: number | null };
}

export interface SizingRollup {
  code: string;
  name: string;
  level: string;
  kind: string;
  cells: number;
  within: number;
  under: number;
  over: number;
  exempt: number;
  no_rule: number;
  breaches: number;
  households: number;
  people: number;
  worst: { code: string; status: CellStatus; deviation: number; percent: number | null }[];
}

export interface SizingReport {
  root: { code: string; name: string; level: string };
  level: string;
  cells: SizingCell[];
  rollups: SizingRollup[];
  summary: Record<CellStatus, number> & { cells: number };
  histogram: { bin_width: number; bins: { from: number; to: number; count: number }[]; band: { min: number | null; max: number | null } | null };
  notes: string[];
}

export type { ProposedGrid };

/** POST /api/sizing/proposals (server/domain/sizing/sizing_proposal.ts SizingProposal). */
export interface SizingProposal {
  id?: number;
  kind: 'split' | 'merge' | 'rebalance';
  root: string;
  band: { min: number; max: number };
  feasible: boolean;
  reasons: { cause: string; grids: string[]; units: string[]; message: string }[];
  assignments: { unit_code: string; from_grid: string | null; to_grid: string }[];
  grids: ProposedGrid[];
  removed_grids: string[];
  moved: { households: number; units: number };
}
