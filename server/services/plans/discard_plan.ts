import type { Db } from '../../db/db.ts';
import { ConflictError } from '../../errors.ts';
import { selectPlan } from '../../db/queries/select_plan.ts';
import { updatePlanStatus } from '../../db/queries/update_plan_status.ts';
import { planView, type PlanView } from './plan_view.ts';

/** Discards a draft (kept, marked discarded, for the record); 409 for a published plan. */
export async function discardPlan(db: Db, planId: number): Promise<PlanView> {
  return db.transaction(async (tx) => {
    const plan = await selectPlan(tx, planId, true);
    if (!plan || plan.status === 'published') throw new ConflictError(`Plan ${planId} is published: a version cannot be discarded.`);
    if (plan.status === 'draft') await updatePlanStatus(tx, planId, 'discarded', null);
    return planView(tx, (await selectPlan(tx, planId))!);
  });
}
