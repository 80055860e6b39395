import type { Queryable } from '../db.ts';
import { iso } from './event_row.ts';
import type { EventLogEntry } from './select_event_log_since.ts';

/** The `report` log entries of the events `ids` that exist, oldest first: what the stream said when they were created. */
export async function selectEventReportEntries(db: Queryable, ids: readonly string[]): Promise<EventLogEntry[]> {
  return db.query<EventLogEntry>(
    `select l.seq, l.action, l.from_status, l.to_status, l.from_level, l.to_level, l.assignee, ${iso('l.due_at')} as due_at,
            l.note, l.by, ${iso('l.at')} as at, l.event_id, l.region, e.category, e.severity, e.description, e.source,
            st_x(e.geom) as lon, st_y(e.geom) as lat, g.code as grid_code, e.area_path, ${iso('e.reported_at')} as reported_at
       from event e
       join event_log l on l.region = e.region and l.event_id = e.id and l.action = 'report'
       left join area g on g.id = e.grid_id
      where e.id = any($1::text[])
      order by l.seq`,
    [ids],
  );
}
