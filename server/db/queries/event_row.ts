import type { EventLevel, EventSeverity, EventStatus } from '../../domain/events/event_types.ts';

/** An event as the queries return it (times as ISO strings, the location as lon/lat). */
export interface EventRow {
  id: string;
  region: string;
  category: string;
  severity: EventSeverity;
  description: string;
  source: string;
  reporter: string | null;
  photo_ref: string | null;
  address: string | null;
  lon: number;
  lat: number;
  cell_code: string | null;
  grid_code: string | null;
  grid_name: string | null;
  area_path: string;
  status: EventStatus;
  level: EventLevel;
  assignee: string | null;
  suspended_from: EventStatus | null;
  suspended_at: string | null;
  due_at: string | null;
  reported_at: string;
  updated_at: string;
  closed_at: string | null;
  request_hash: string;
  likely_duplicates: { id: string; distance_m: number; status: string; reported_at: string }[];
}

/**
 * The select list and joins every event query shares. Times are formatted in SQL so that both
 * drivers (which would otherwise return Date objects with millisecond precision) agree.
 */
export const EVENT_COLUMNS = `e.id, e.region, e.category, e.severity, e.description, e.source, e.reporter, e.photo_ref, e.address,
  st_x(e.geom) as lon, st_y(e.geom) as lat, c.code as cell_code, g.code as grid_code, g.name as grid_name, e.area_path,
  e.status, e.level, e.assignee, e.suspended_from, ${iso('e.suspended_at')} as suspended_at, ${iso('e.due_at')} as due_at,
  ${iso('e.reported_at')} as reported_at, ${iso('e.updated_at')} as updated_at, ${iso('e.closed_at')} as closed_at,
  e.request_hash, e.likely_duplicates`;

export const EVENT_JOINS = `left join area c on c.id = e.cell_id left join area g on g.id = e.grid_id`;

/** An ISO-8601 UTC text of a timestamptz column, e.g. 2026-01-01T08:00:00.000Z. */
export function iso(column: string): string {
  return `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
