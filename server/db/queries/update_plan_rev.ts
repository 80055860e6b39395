import type { Queryable } from '../db.ts';

/**
 * Bumps a draft's rev when it still is `rev` (the If-Match the client sent), and records the
 * cells the edit touched. Returns the new rev, or null when the plan moved on (a 409).
 */
export async function updatePlanRev(db: Queryable, id: number, rev: number, touched: string[]): Promise<number | null> {
  const rows = await db.query<{ rev: number }>(
    `update plan set rev = rev + 1, updated_at = now(), last_touched = $3::text[]
      where id = $1::int and rev = $2::int and status = 'draft'
      returning rev`,
    [id, rev, touched],
  );
  return rows[0]?.rev ?? null;
}
