import type { Queryable } from '../db.ts';

/** Removes an accepted exception; false when there was none. */
export async function deleteCoverageException(db: Queryable, problemId: string): Promise<boolean> {
  const rows = await db.query(`delete from coverage_exception where problem_id = $1::text returning 1`, [problemId]);
  return rows.length > 0;
}
