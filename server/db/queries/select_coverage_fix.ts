import type { Queryable } from '../db.ts';
import type { CoverageFixRecord } from './insert_coverage_fix.ts';

export interface CoverageFixRow extends CoverageFixRecord {
  id: number;
  applied_at: string;
  undone_at: string | null;
}

/** One logged fix, locked for update (an undo must not race another). */
export async function selectCoverageFix(db: Queryable, id: number): Promise<CoverageFixRow | null> {
  const [row] = await db.query<CoverageFixRow>(
    `select id, problem_id, kind, type, params, codes, before, after,
            applied_at::text as applied_at, undone_at::text as undone_at
       from coverage_fix where id = $1::int for update`,
    [id],
  );
  return row ?? null;
}
