import type { Queryable } from '../db.ts';

/** The newest event log seq (0 when empty): where a client's stream resumes after a snapshot. */
export async function selectEventLastSeq(db: Queryable): Promise<number> {
  const [row] = await db.query<{ seq: number }>('select coalesce(max(seq), 0)::bigint as seq from event_log');
  return row.seq;
}
