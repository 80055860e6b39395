import type { Queryable } from '../db.ts';

/** Records that a fix was undone. */
export async function markCoverageFixUndone(db: Queryable, id: number): Promise<void> {
  await db.query(`update coverage_fix set undone_at = now() where id = $1::int`, [id]);
}
