import type { GroupStats } from '../../server/domain/events/summarize_event_stats.ts';

export type { GroupStats };

/** GET /api/events/stats: one row per group under the area, and the area's own row. */
export interface EventStats {
  area: { code: string; name: string; level: string };
  group: string;
  groups: GroupStats[];
  total: GroupStats;
}

/** The level a dashboard groups an area's events by: the one below it (a town by community, a community by grid). */
export function statsGroupFor(level: string): string {
  return level === 'town' ? 'community' : 'grid';
}

/** The non-zero entries of a count record, largest first. Example: nonZeroDesc({ a: 1, b: 0, c: 3 }) → [['c', 3], ['a', 1]]. */
export function nonZeroDesc(counts: Record<string, number>): [string, number][] {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** A share as a whole percent, or '—'. Example: percent(0.456) → '46%'. */
export function percent(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`;
}

/** Groups with something to look at, most overdue first, then most open. */
export function busiestGroups(groups: readonly GroupStats[], n = 8): GroupStats[] {
  return groups
    .filter((g) => g.total > 0)
    .sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.code.localeCompare(b.code))
    .slice(0, n);
}
