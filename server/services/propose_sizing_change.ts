import type { Db } from '../db/db.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { insertSizingProposal } from '../db/queries/insert_sizing_proposal.ts';
import { selectSizingRoot } from '../db/queries/select_sizing_root.ts';
import { selectSizingRules } from '../db/queries/select_sizing_rules.ts';
import { selectUnitUnions } from '../db/queries/select_unit_unions.ts';
import type { ProposeOptions } from '../domain/sizing/propose_rebalance.ts';
import { runInWorker } from '../workers/run_in_worker.ts';
import { findRule } from '../domain/sizing/sizing_rule.ts';
import type { SizingProposal } from '../domain/sizing/sizing_proposal.ts';
import { loadSizingScope } from './load_sizing_scope.ts';

export interface ProposeSizingRequest {
  root: string;
  kind: 'split' | 'merge' | 'rebalance';
  /** The grid to split or merge. */
  grid?: string;
  seed?: string;
  /** Overrides the base-grid rule's household band (tests at other scales, what-ifs). */
  band?: { min: number; max: number };
  unitLevel?: string;
  gridLevel?: string;
  /** Annealing effort, moves per unit (default 1000); 0 is the greedy repair alone. */
  iterationsPerUnit?: number;
  /** Keep the proposal (default true) so that GET /api/sizing/proposals/:id returns it. */
  store?: boolean;
}

export type StoredProposal = SizingProposal & { id?: number; timing_ms: { load: number; plan: number; geometry: number } };

/**
 * Computes a split, merge or rebalance proposal, adds each proposed grid's outline (the union of
 * its units) and keeps it for the planner. Nothing in the area tree changes: a proposal is a
 * draft until the planner publishes it.
 */
export async function proposeSizingChange(db: Db, req: ProposeSizingRequest): Promise<StoredProposal> {
  const unitLevel = req.unitLevel ?? 'unit';
  const gridLevel = req.gridLevel ?? 'grid';
  const root = await selectSizingRoot(db, req.root);
  if (!root) throw new NotFoundError(`No area has code "${req.root}": pass the code of a community or town as root.`);
  const rule = findRule(await selectSizingRules(db), gridLevel, 'base');
  const band = req.band ?? (rule && rule.households.min !== null && rule.households.max !== null ? { min: rule.households.min, max: rule.households.max } : null);
  if (!band) {
    throw new ValidationError(`No household band for base grids of level "${gridLevel}": set one with PUT /api/sizing/rules, or pass band in the request.`, [
      { field: 'band', problem: 'no household band to plan against' },
    ]);
  }

  let scopeRoot = req.root;
  if (req.kind === 'rebalance') {
    if (root.level === gridLevel || root.level === unitLevel) {
      throw new ValidationError(`Root ${req.root} is a ${root.level}: rebalance a community or town, or ask for kind "split" or "merge" with grid=${req.root}.`, [
        { field: 'root', problem: `a ${root.level} cannot be rebalanced on its own` },
      ]);
    }
  } else {
    if (!req.grid) throw new ValidationError(`A ${req.kind} needs the grid's code in "grid".`, [{ field: 'grid', problem: 'required for split and merge' }]);
    const grid = await selectSizingRoot(db, req.grid);
    if (!grid) throw new NotFoundError(`No area has code "${req.grid}".`);
    if (grid.level !== gridLevel) throw new ValidationError(`Area ${req.grid} is a ${grid.level}, not a ${gridLevel}.`, [{ field: 'grid', problem: `expected an area of level ${gridLevel}` }]);
    if (grid.path !== root.path && !grid.path.startsWith(root.path + '/')) {
      throw new ValidationError(`Grid ${req.grid} is not under ${req.root}.`, [{ field: 'grid', problem: `not under root ${req.root}` }]);
    }
    // Plan within the grid's community, so new codes follow its siblings' and merges find neighbours.
    const parts = grid.path.split('/');
    scopeRoot = parts.length > 1 ? parts[parts.length - 2] : grid.code;
  }

  const t0 = performance.now();
  const scope = await loadSizingScope(db, scopeRoot, unitLevel, gridLevel);
  if (scope.units.length === 0) {
    throw new ValidationError(`No area of level "${unitLevel}" under ${scopeRoot}: name the level that holds the units with unit_level.`, [
      { field: 'unit_level', problem: `no "${unitLevel}" areas under ${scopeRoot}` },
    ]);
  }
  const t1 = performance.now();
  const opts: ProposeOptions = { root: req.root, band, seed: req.seed ?? 'gridwork', iterationsPerUnit: req.iterationsPerUnit };
  // The partition (annealing, seconds for a town) runs in a worker thread, off the HTTP thread.
  const proposal: SizingProposal = await runInWorker('proposeSizing', { kind: req.kind, scope, grid: req.grid, opts });
  const t2 = performance.now();

  const unions = await selectUnitUnions(db, proposal.grids.flatMap((g) => g.units.map(() => g.code)), proposal.grids.flatMap((g) => g.units));
  for (const g of proposal.grids) g.geometry = unions.get(g.code) ?? null;
  const t3 = performance.now();
  const out: StoredProposal = { ...proposal, timing_ms: { load: Math.round(t1 - t0), plan: Math.round(t2 - t1), geometry: Math.round(t3 - t2) } };
  if (req.store !== false) out.id = await insertSizingProposal(db, { region: root.region, root: req.root, kind: req.kind, seed: opts.seed, document: out });
  return out;
}
