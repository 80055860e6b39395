import type { Queryable } from '../db.ts';
import { iso } from './event_row.ts';
import type { EventHistoryRow } from './select_event_history.ts';

/** One logged step joined with the unchanging facts of its event: what a stream message carries. */
export interface EventLogEntry extends EventHistoryRow {
  event_id: string;
  region: string;
  category: string;
  severity: string;
  description: string;
  source: string;
  lon: number;
  lat: number;
  grid_code: string | null;
  grid_name: string | null;
  area_path: string;
  reported_at: string;
}

/** The log after `afterSeq`, oldest first, at most `limit` rows: what a reconnecting stream missed. */
export async function selectEventLogSince(db: Queryable, afterSeq: number, limit: number): Promise<EventLogEntry[]> {
  return db.query<EventLogEntry>(
    `select l.seq, l.action, l.from_status, l.to_status, l.from_level, l.to_level, l.assignee, ${iso('l.due_at')} as due_at,
            l.note, l.by, ${iso('l.at')} as at, l.event_id, l.region, e.category, e.severity, e.description, e.source,
            st_x(e.geom) as lon, st_y(e.geom) as lat, g.code as grid_code, g.name as grid_name, e.area_path, ${iso('e.reported_at')} as reported_at
       from event_log l
       join event e on e.region = l.region and e.id = l.event_id
       left join area g on g.id = e.grid_id
      where l.seq > $1::bigint
      order by l.seq
      limit $2::int`,
    [afterSeq, limit],
  );
}
