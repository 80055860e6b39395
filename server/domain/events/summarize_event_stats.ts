import { csvLine } from '../csv_cell.ts';
import { EVENT_LEVELS, EVENT_STATUSES } from './event_types.ts';

/** One aggregate cell as the stats query returns it (see select_event_stats.ts). */
export interface StatsCell {
  code: string | null;
  category: string | null;
  status: string | null;
  level: string | null;
  n: number;
  closed_same_day: number;
  overdue: number;
  median_close_hours: number | null;
  detail: boolean;
}

export interface GroupStats {
  code: string;
  name: string;
  total: number;
  open: number;
  closed: number;
  closed_same_day: number;
  /** closed_same_day / total (日清日结率); null with no events. */
  share_closed_same_day: number | null;
  median_hours_to_close: number | null;
  overdue: number;
  overdue_by_level: Record<string, number>;
  by_category: Record<string, number>;
  by_status: Record<string, number>;
}

/**
 * Folds the query's cells into one row per group (every group listed, with zeros where nothing
 * happened) and a row for the whole area.
 *
 * @example
 * summarizeEventStats(cells, [{ code: 'G1', name: '一网格' }], ['dispute']).groups[0].by_category.dispute // 3
 */
export function summarizeEventStats(
  cells: readonly StatsCell[],
  groups: readonly { code: string; name: string }[],
  categories: readonly string[],
  area: { code: string; name: string },
): { groups: GroupStats[]; total: GroupStats } {
  const blank = (code: string, name: string): GroupStats => ({
    code, name, total: 0, open: 0, closed: 0, closed_same_day: 0, share_closed_same_day: null, median_hours_to_close: null,
    overdue: 0,
    overdue_by_level: Object.fromEntries(EVENT_LEVELS.map((l) => [l, 0])),
    by_category: Object.fromEntries(categories.map((c) => [c, 0])),
    by_status: Object.fromEntries(EVENT_STATUSES.map((s) => [s, 0])),
  });
  const byCode = new Map(groups.map((g) => [g.code, blank(g.code, g.name)]));
  const total = blank(area.code, area.name);
  for (const c of cells) {
    const targets = c.code === null ? [] : [byCode.get(c.code) ?? byCode.set(c.code, blank(c.code, c.code)).get(c.code)!];
    if (!c.detail) {
      const g = c.code === null ? total : targets[0];
      g.median_hours_to_close = c.median_close_hours === null ? null : Math.round(c.median_close_hours * 100) / 100;
      continue;
    }
    for (const g of [...targets, total]) {
      g.total += c.n;
      g.by_category[c.category!] = (g.by_category[c.category!] ?? 0) + c.n;
      g.by_status[c.status!] = (g.by_status[c.status!] ?? 0) + c.n;
      if (c.status === 'closed') g.closed += c.n;
      else if (c.status !== 'cancelled') g.open += c.n;
      g.closed_same_day += c.closed_same_day;
      g.overdue += c.overdue;
      g.overdue_by_level[c.level!] = (g.overdue_by_level[c.level!] ?? 0) + c.overdue;
    }
  }
  for (const g of [...byCode.values(), total]) {
    g.share_closed_same_day = g.total === 0 ? null : Math.round((g.closed_same_day / g.total) * 10_000) / 10_000;
  }
  return { groups: [...byCode.values()], total };
}

/**
 * The stats as CSV: one line per group then the whole area, flat columns (by_category and
 * by_status spread out as category_<code> and status_<status>), RFC 4180 quoting.
 *
 * @example
 * eventStatsCsv({ groups, total }) // 'code,name,total,open,…\r\n33078210100101,一网格,12,3,…'
 */
export function eventStatsCsv(stats: { groups: GroupStats[]; total: GroupStats }): string {
  const rows = [...stats.groups, stats.total];
  const cats = Object.keys(stats.total.by_category);
  const header = [
    'code', 'name', 'total', 'open', 'closed', 'closed_same_day', 'share_closed_same_day', 'median_hours_to_close', 'overdue',
    ...EVENT_LEVELS.map((l) => `overdue_${l}`), ...cats.map((c) => `category_${c}`), ...EVENT_STATUSES.map((s) => `status_${s}`),
  ];
  const lines = rows.map((g) =>
    csvLine([
      g.code, g.name, g.total, g.open, g.closed, g.closed_same_day, g.share_closed_same_day, g.median_hours_to_close, g.overdue,
      ...EVENT_LEVELS.map((l) => g.overdue_by_level[l] ?? 0), ...cats.map((c) => g.by_category[c] ?? 0),
      ...EVENT_STATUSES.map((s) => g.by_status[s] ?? 0),
    ]),
  );
  return [csvLine(header), ...lines].join('\r\n') + '\r\n';
}
