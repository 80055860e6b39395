import type { Queryable } from '../db.ts';

/** Stops a running patrol at `stoppedAt` (not before its last point); false when it was stopped already. */
export async function updatePatrolStop(db: Queryable, patrolId: string, stoppedAt: string): Promise<boolean> {
  const rows = await db.query(
    `update patrol set stopped_at = greatest($2::timestamptz, started_at,
                                             coalesce((select max(t) from patrol_point where patrol_id = $1::text), started_at))
      where id = $1::text and stopped_at is null returning id`,
    [patrolId, stoppedAt],
  );
  return rows.length > 0;
}
