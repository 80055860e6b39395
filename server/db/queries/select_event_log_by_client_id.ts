import type { Queryable } from '../db.ts';

/** The log seq of the step an event got under a client's id, if it got one. */
export async function selectEventLogByClientId(db: Queryable, eventId: string, clientId: string): Promise<number | undefined> {
  const [row] = await db.query<{ seq: number }>(
    `select seq::float8 as seq from event_log where event_id = $1::text and client_id = $2::text`,
    [eventId, clientId],
  );
  return row?.seq;
}
