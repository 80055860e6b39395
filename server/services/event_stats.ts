import type { Db } from '../db/db.ts';
import { selectEventArea } from '../db/queries/select_event_area.ts';
import { selectEventStatGroups } from '../db/queries/select_event_stat_groups.ts';
import { selectEventStats } from '../db/queries/select_event_stats.ts';
import { CLOCK_RUNNING_STATUSES } from '../domain/events/event_types.ts';
import { summarizeEventStats, type GroupStats } from '../domain/events/summarize_event_stats.ts';
import { NotFoundError } from '../errors.ts';
import { eventRules } from './event_rules.ts';

export interface EventStats {
  area: { code: string; name: string; level: string };
  group: string;
  from: string | null;
  to: string | null;
  time_zone: string;
  generated_at: string;
  groups: GroupStats[];
  total: GroupStats;
}

/** The dashboard of an area: per grid, community or town under it, for events reported in the window. */
export async function eventStats(
  db: Db,
  q: { area: string; group: string; from?: string; to?: string; timeZone: string },
): Promise<EventStats> {
  const area = await selectEventArea(db, q.area);
  if (!area) throw new NotFoundError(`No area has code "${q.area}".`);
  const now = new Date().toISOString();
  const [rules, groups, cells] = await Promise.all([
    eventRules(db),
    selectEventStatGroups(db, area.path, q.group),
    selectEventStats(db, {
      areaPath: area.path, groupLevel: q.group, from: q.from, to: q.to, timeZone: q.timeZone, now, clockStatuses: CLOCK_RUNNING_STATUSES,
    }),
  ]);
  const summary = summarizeEventStats(cells, groups, rules.categories.map((c) => c.code), area);
  return {
    area: { code: area.code, name: area.name, level: area.level },
    group: q.group,
    from: q.from ?? null,
    to: q.to ?? null,
    time_zone: q.timeZone,
    generated_at: now,
    ...summary,
  };
}
