import type { Queryable } from '../db.ts';
import { iso } from './event_row.ts';

export interface EventHistoryRow {
  seq: number;
  action: string;
  from_status: string | null;
  to_status: string;
  from_level: string | null;
  to_level: string;
  assignee: string | null;
  due_at: string | null;
  note: string | null;
  by: string;
  at: string;
}

/** Every logged step of one event, the report first. */
export async function selectEventHistory(db: Queryable, key: { region: string; id: string }): Promise<EventHistoryRow[]> {
  return db.query<EventHistoryRow>(
    `select seq, action, from_status, to_status, from_level, to_level, assignee, ${iso('due_at')} as due_at, note, by, ${iso('at')} as at
       from event_log
      where region = $1::text and event_id = $2::text
      order by seq`,
    [key.region, key.id],
  );
}
