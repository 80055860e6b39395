import type { Queryable } from '../db.ts';

/** A batch stored before under this client id: how many points it brought and kept. */
export async function selectPatrolBatch(db: Queryable, patrolId: string, clientId: string): Promise<{ received: number; kept: number } | undefined> {
  const [row] = await db.query<{ received: number; kept: number }>(
    `select received, kept from patrol_batch where patrol_id = $1::text and client_id = $2::text`,
    [patrolId, clientId],
  );
  return row;
}
