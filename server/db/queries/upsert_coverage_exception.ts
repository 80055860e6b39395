import type { Queryable } from '../db.ts';
import type { CoverageExceptionRow } from './select_coverage_exceptions.ts';

/** Marks a problem as an accepted exception, or replaces the reason of one already marked. */
export async function upsertCoverageException(
  db: Queryable,
  e: { problem_id: string; kind: string; codes: string[]; reason: string; created_by: string },
): Promise<CoverageExceptionRow> {
  const [row] = await db.query<CoverageExceptionRow>(
    `insert into coverage_exception (problem_id, kind, codes, reason, created_by)
     values ($1::text, $2::text, $3::text[], $4::text, $5::text)
     on conflict (problem_id) do update set reason = excluded.reason, created_by = excluded.created_by, created_at = now()
     returning problem_id, kind, codes, reason, created_by,
               to_char(created_at at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as created_at`,
    [e.problem_id, e.kind, e.codes, e.reason, e.created_by],
  );
  return row;
}
