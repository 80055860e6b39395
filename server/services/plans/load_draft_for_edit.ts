import type { Queryable } from '../../db/db.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import type { PlanRecord } from '../../db/queries/plan_row.ts';
import { selectPlan } from '../../db/queries/select_plan.ts';
import { selectPlanLastEdit } from '../../db/queries/select_plan_last_edit.ts';

/**
 * The plan, locked for the rest of the transaction, when it is a draft at revision `rev` (the
 * client's If-Match): 404 for no such plan, 409 when it is no longer a draft or has moved on.
 */
export async function loadDraftForEdit(tx: Queryable, planId: number, rev: number): Promise<PlanRecord> {
  const plan = await selectPlan(tx, planId, true);
  if (!plan) throw new NotFoundError(`No plan ${planId}.`);
  if (plan.status !== 'draft') throw new ConflictError(`Plan ${planId} is ${plan.status}: only drafts change. Open a new plan.`);
  if (plan.rev !== rev) {
    const last = await selectPlanLastEdit(tx, planId);
    const who = last ? `${last.actor} made its latest edit (${last.op}) at ${last.at}` : 'someone else changed it';
    throw new ConflictError(`Plan ${planId} is at revision ${plan.rev}, not ${rev}: ${who}. Reload it (GET /api/plans/${planId}) and edit again.`);
  }
  return plan;
}
