import type { Queryable } from '../db.ts';
import { EVENT_COLUMNS, EVENT_JOINS, type EventRow } from './event_row.ts';

export interface EventFilter {
  status?: string[];
  category?: string[];
  level?: string[];
  /** Path of an area: events anywhere in its subtree. */
  areaPath?: string;
  /** Roots of the subtrees the caller may see (null or absent: everywhere). */
  scope?: string[] | null;
  /** ISO times bounding reported_at: from inclusive, to exclusive. */
  from?: string;
  to?: string;
  bbox?: [number, number, number, number];
  /** true: only overdue events; false: only those not overdue. Needs `now` and `clockStatuses`. */
  overdue?: boolean;
  now: string;
  clockStatuses: readonly string[];
  limit: number;
  offset: number;
}

/** A page of events, newest first, and how many match in all. */
export async function selectEvents(db: Queryable, f: EventFilter): Promise<{ rows: EventRow[]; total: number }> {
  const rows = await db.query<EventRow & { total: number }>(
    `select ${EVENT_COLUMNS}, count(*) over () as total
       from event e ${EVENT_JOINS}
      where ($1::text[] is null or e.status = any($1::text[]))
        and ($2::text[] is null or e.category = any($2::text[]))
        and ($3::text[] is null or e.level = any($3::text[]))
        and ($4::text is null or e.area_path = $4::text or starts_with(e.area_path, $4::text || '/'))
        and ($5::timestamptz is null or e.reported_at >= $5::timestamptz)
        and ($6::timestamptz is null or e.reported_at < $6::timestamptz)
        and ($7::float8[] is null or e.geom && st_makeenvelope($7[1], $7[2], $7[3], $7[4], 4326))
        and ($13::text[] is null or string_to_array(e.area_path, '/') && $13::text[])
        and ($8::boolean is null or (coalesce(e.due_at < $9::timestamptz, false) and e.status = any($10::text[])) = $8::boolean)
      order by e.reported_at desc, e.id
      limit $11::int offset $12::int`,
    [
      f.status ?? null, f.category ?? null, f.level ?? null, f.areaPath ?? null, f.from ?? null, f.to ?? null, f.bbox ?? null,
      f.overdue ?? null, f.now, f.clockStatuses, f.limit, f.offset, f.scope ?? null,
    ],
  );
  return { rows, total: rows[0]?.total ?? (f.offset > 0 ? await countAll(db, f) : 0) };
}

// A page past the end has no row to carry the window count; count separately (rare).
async function countAll(db: Queryable, f: EventFilter): Promise<number> {
  const { total } = await selectEvents(db, { ...f, offset: 0, limit: 1 });
  return total;
}
