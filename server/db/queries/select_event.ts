import type { Queryable } from '../db.ts';
import { EVENT_COLUMNS, EVENT_JOINS, type EventRow } from './event_row.ts';

/** One event by id; undefined when there is none. */
export async function selectEvent(db: Queryable, id: string): Promise<EventRow | undefined> {
  const [row] = await db.query<EventRow>(
    `select ${EVENT_COLUMNS} from event e ${EVENT_JOINS} where e.id = $1::text`,
    [id],
  );
  return row;
}
