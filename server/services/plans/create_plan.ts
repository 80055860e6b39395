import type { Db } from '../../db/db.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.ts';
import { selectPlanRootFingerprint } from '../../db/queries/select_plan_root_fingerprint.ts';
import { insertPlan } from '../../db/queries/insert_plan.ts';
import { copyAreasIntoPlan } from '../../db/queries/copy_areas_into_plan.ts';
import { selectPlan } from '../../db/queries/select_plan.ts';
import { selectSizingProposal } from '../../db/queries/select_sizing_proposal.ts';
import type { SizingProposal } from '../../domain/sizing/sizing_proposal.ts';
import type { Assignment } from '../../domain/plans/assignment_problems.ts';
import { applyPlanEditIn } from './apply_plan_edit.ts';
import { planView, type PlanView } from './plan_view.ts';

export interface CreatePlanInput {
  root: string;
  name?: string;
  actor: string;
  /** Start from a kept sizing proposal's grids. */
  proposalId?: number;
  /** Start from an assignment table (an imported CSV): units re-parented as it says. */
  assignments?: Assignment[];
}

/**
 * Opens a draft over the published subtree under `root`: its cells are copied, and its base
 * (the subtree's fingerprint and newest version) kept for the publish-time conflict check. A
 * proposal or an assignment table is applied as the draft's first edit, so undo can take it
 * back. One transaction: a refused table leaves no plan behind.
 */
export async function createPlan(db: Db, input: CreatePlanInput): Promise<PlanView> {
  const proposal = input.proposalId === undefined ? null : ((await selectSizingProposal(db, input.proposalId)) as (SizingProposal & { id: number }) | null);
  if (input.proposalId !== undefined && !proposal) throw new ValidationError(`No sizing proposal ${input.proposalId}: POST /api/sizing/proposals makes one.`, [{ field: 'proposal_id', problem: `no proposal ${input.proposalId}` }]);
  return db.transaction(async (tx) => {
    const base = await selectPlanRootFingerprint(tx, input.root);
    if (!base) throw new NotFoundError(`No area has code "${input.root}".`);
    const plan = await insertPlan(tx, {
      region: base.region,
      root: input.root,
      name: input.name ?? (proposal ? `${proposal.kind} ${input.root}` : `Plan ${input.root}`),
      createdBy: input.actor,
      baseVersion: base.version,
      baseFingerprint: base.fingerprint,
      proposalId: proposal?.id ?? null,
    });
    await copyAreasIntoPlan(tx, plan.id, input.root);
    if (proposal) {
      const rows = proposal.assignments.map((a) => ({ unit_code: a.unit_code, grid_code: a.to_grid }));
      const newGrids = proposal.grids.filter((g) => g.new).map((g) => ({ code: g.code, name: g.name, container: g.container }));
      await applyPlanEditIn(tx, plan, input.actor, { op: 'assign', source: `proposal ${proposal.id}`, rows, new_grids: newGrids });
    } else if (input.assignments) {
      await applyPlanEditIn(tx, plan, input.actor, { op: 'assign', source: 'csv', rows: input.assignments });
    }
    const stored = await selectPlan(tx, plan.id);
    if (!stored) throw new ConflictError(`Plan ${plan.id} vanished while it was made.`);
    return planView(tx, stored);
  });
}
