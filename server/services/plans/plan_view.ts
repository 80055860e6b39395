import type { Queryable } from '../../db/db.ts';
import type { PlanRecord } from '../../db/queries/plan_row.ts';
import { selectPlanEditStates } from '../../db/queries/select_plan_edit_states.ts';
import { undoRedoState } from '../../domain/plans/undo_redo_state.ts';

/** A plan as the API shows it. */
export interface PlanView {
  id: number;
  root: string;
  name: string;
  status: PlanRecord['status'];
  rev: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  base_version: number | null;
  proposal_id: number | null;
  published_version: number | null;
  last_touched: string[];
  can_undo: boolean;
  can_redo: boolean;
}

/** The plan with whether undo and redo can go anywhere (only while it is a draft). */
export async function planView(db: Queryable, p: PlanRecord): Promise<PlanView> {
  const state = undoRedoState(await selectPlanEditStates(db, p.id));
  const draft = p.status === 'draft';
  return {
    id: p.id,
    root: p.root,
    name: p.name,
    status: p.status,
    rev: p.rev,
    created_by: p.created_by,
    created_at: p.created_at,
    updated_at: p.updated_at,
    base_version: p.base_version,
    proposal_id: p.proposal_id,
    published_version: p.published_version,
    last_touched: p.last_touched,
    can_undo: draft && state.undo !== null,
    can_redo: draft && state.redo !== null,
  };
}
