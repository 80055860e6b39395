import type { Queryable } from '../db.ts';
import type { LoggedRow } from './insert_plan_edit.ts';

export interface PlanEditRecord {
  seq: number;
  op: Record<string, unknown>;
  touched: string[];
  before: LoggedRow[];
  after: LoggedRow[];
  undone: boolean;
}

/** One logged edit with the rows before and after it. */
export async function selectPlanEdit(db: Queryable, planId: number, seq: number): Promise<PlanEditRecord | null> {
  const rows = await db.query<PlanEditRecord>(
    `select seq, op, touched, before, after, undone from plan_edit where plan_id = $1::int and seq = $2::int`,
    [planId, seq],
  );
  return rows[0] ?? null;
}
