import type { SizingReport } from '../../server/services/evaluate_sizing.ts';

/** What the analyst view reads: the server's own types for GET /api/sizing and POST /api/sizing/proposals. */
export type { CellStatus } from '../../server/domain/sizing/evaluate_cell.ts';
export type { SizingCell, SizingReport } from '../../server/services/evaluate_sizing.ts';
export type { ProposedGrid, SizingProposal } from '../../server/domain/sizing/sizing_proposal.ts';
export type SizingRollup = SizingReport['rollups'][number];
