import type { Queryable } from '../db.ts';

/**
 * Records a batch's client id; false when that batch was stored before (a retry: store nothing
 * more). Run in the transaction that stores its points, so the two stand or fall together.
 */
export async function insertPatrolBatch(db: Queryable, b: { patrolId: string; clientId: string; received: number; kept: number }): Promise<boolean> {
  const rows = await db.query(
    `insert into patrol_batch (patrol_id, client_id, received, kept) values ($1::text, $2::text, $3::int, $4::int)
     on conflict (patrol_id, client_id) do nothing returning client_id`,
    [b.patrolId, b.clientId, b.received, b.kept],
  );
  return rows.length > 0;
}
