import type { Queryable } from '../db.ts';

export interface CoverageExceptionRow {
  problem_id: string;
  kind: string;
  codes: string[];
  reason: string;
  created_by: string;
  created_at: string;
}

/** The accepted exceptions among these problem ids. */
export async function selectCoverageExceptions(db: Queryable, problemIds: string[]): Promise<CoverageExceptionRow[]> {
  if (problemIds.length === 0) return [];
  return db.query<CoverageExceptionRow>(
    `select problem_id, kind, codes, reason, created_by,
            to_char(created_at at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as created_at
       from coverage_exception where problem_id = any($1::text[])`,
    [problemIds],
  );
}
