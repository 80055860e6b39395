import type { Queryable } from '../db.ts';

/**
 * Removes cells from the draft: published copies are flagged deleted (the diff and publish need
 * them, and `successor` says where their staff go); cells made in the draft simply go.
 */
export async function deletePlanAreas(db: Queryable, planId: number, codes: string[], successor: string | null): Promise<void> {
  if (codes.length === 0) return;
  await db.query(
    `update plan_area set deleted = true, locked = false, successor = $3::text
      where plan_id = $1::int and code = any($2::text[]) and area_id is not null`,
    [planId, codes, successor],
  );
  await db.query(`delete from plan_area where plan_id = $1::int and code = any($2::text[]) and area_id is null`, [planId, codes]);
}
