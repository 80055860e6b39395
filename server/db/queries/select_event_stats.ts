import type { Queryable } from '../db.ts';
import type { StatsCell } from '../../domain/events/summarize_event_stats.ts';

/** One aggregate cell: a group's counts by category, status and level, or its summary row. */
export type EventStatsCell = StatsCell;

export interface EventStatsFilter {
  areaPath: string;
  groupLevel: string;
  from?: string;
  to?: string;
  timeZone: string;
  now: string;
  clockStatuses: readonly string[];
}

/**
 * Counts of the events reported in the window under an area, per group (the areas at
 * `groupLevel` in the subtree) and category, status and level, with same-day closes and overdue
 * counts, plus per-group and overall medians of the time to close. Events are mapped to groups
 * through their distinct cell paths (a few thousand) rather than a join per event.
 */
export async function selectEventStats(db: Queryable, f: EventStatsFilter): Promise<EventStatsCell[]> {
  return db.query<EventStatsCell>(
    `with sel as (
       select e.* from event e
        where (e.area_path = $1::text or starts_with(e.area_path, $1::text || '/'))
          and ($3::timestamptz is null or e.reported_at >= $3::timestamptz)
          and ($4::timestamptz is null or e.reported_at < $4::timestamptz)),
     paths as (select distinct area_path from sel),
     grp as (
       select p.area_path, g.code
         from paths p
         join area g on g.level = $2::text and g.code = any(string_to_array(p.area_path, '/')))
     select grp.code, s.category, s.status, s.level, count(*)::int as n,
            count(*) filter (where s.status = 'closed'
              and (s.closed_at at time zone $5::text)::date = (s.reported_at at time zone $5::text)::date)::int as closed_same_day,
            count(*) filter (where s.due_at < $6::timestamptz and s.status = any($7::text[]))::int as overdue,
            percentile_cont(0.5) within group (order by extract(epoch from s.closed_at - s.reported_at) / 3600)
              filter (where s.status = 'closed') as median_close_hours,
            grouping(s.category) = 0 as detail
       from sel s join grp using (area_path)
      group by grouping sets ((grp.code, s.category, s.status, s.level), (grp.code), ())
      order by grp.code nulls first, s.category, s.status, s.level`,
    [f.areaPath, f.groupLevel, f.from ?? null, f.to ?? null, f.timeZone, f.now, f.clockStatuses],
  );
}
