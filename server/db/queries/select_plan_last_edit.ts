import type { Queryable } from '../db.ts';

/** Who made a plan's latest edit, of what kind, and when (ISO 8601, UTC); null before the first. */
export async function selectPlanLastEdit(db: Queryable, planId: number): Promise<{ actor: string; op: string; at: string } | null> {
  const rows = await db.query<{ actor: string; op: string; at: string }>(
    `select actor, op->>'op' as op, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as at
       from plan_edit where plan_id = $1::int order by seq desc limit 1`,
    [planId],
  );
  return rows[0] ?? null;
}
