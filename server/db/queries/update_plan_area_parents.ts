import type { Queryable } from '../db.ts';

/** Re-parents these draft cells under `parent` (paint, merge, import). */
export async function updatePlanAreaParents(db: Queryable, planId: number, codes: string[], parent: string): Promise<void> {
  if (codes.length === 0) return;
  await db.query(`update plan_area set parent_code = $3::text where plan_id = $1::int and code = any($2::text[])`, [planId, codes, parent]);
}
