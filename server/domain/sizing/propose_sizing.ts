import type { SizingProposal } from './sizing_proposal.ts';
import type { SizingScope } from './sizing_scope.ts';
import { proposeMerge } from './propose_merge.ts';
import { proposeRebalance, type ProposeOptions } from './propose_rebalance.ts';
import { proposeSplit } from './propose_split.ts';

/**
 * The proposal of `kind` over a loaded scope: a rebalance of it, or a split or merge of `grid`.
 * One plain-data call, so that it can run in a worker thread (server/workers/run_in_worker.ts): a
 * town's rebalance anneals for seconds.
 *
 * @example proposeSizing({ kind: 'rebalance', scope, opts: { root: '330782101', band: { min: 300, max: 500 }, seed: 'x' } })
 */
export function proposeSizing(input: { kind: 'split' | 'merge' | 'rebalance'; scope: SizingScope; grid?: string; opts: ProposeOptions }): SizingProposal {
  const { kind, scope, grid, opts } = input;
  return kind === 'rebalance' ? proposeRebalance(scope, opts) : kind === 'split' ? proposeSplit(scope, grid!, opts) : proposeMerge(scope, grid!, opts);
}
