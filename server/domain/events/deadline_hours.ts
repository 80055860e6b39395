import type { DeadlineRule, EventLevel, EventSeverity } from './event_types.ts';

/**
 * The hours an event of `category` and `severity` may stay at `level`: the most specific rule
 * wins (category and severity, then category alone, then severity alone, then the level's
 * default). Null when no rule names the level: such an event has no deadline.
 *
 * @example
 * deadlineHours([{ level: 'grid', category: '*', severity: 'high', hours: 8 }], 'grid', 'dispute', 'high') // 8
 */
export function deadlineHours(rules: readonly DeadlineRule[], level: EventLevel, category: string, severity: EventSeverity): number | null {
  let best: DeadlineRule | null = null;
  let bestRank = -1;
  for (const r of rules) {
    if (r.level !== level) continue;
    if (r.category !== '*' && r.category !== category) continue;
    if (r.severity !== '*' && r.severity !== severity) continue;
    const rank = (r.category === '*' ? 0 : 2) + (r.severity === '*' ? 0 : 1);
    if (rank > bestRank) [best, bestRank] = [r, rank];
  }
  return best ? best.hours : null;
}

/**
 * The ISO time an event entering `level` at `fromIso` becomes overdue, or null without a rule.
 *
 * @example
 * dueAt(rules, 'grid', 'dispute', 'high', '2026-01-01T00:00:00.000Z') // '2026-01-01T08:00:00.000Z'
 */
export function dueAt(rules: readonly DeadlineRule[], level: EventLevel, category: string, severity: EventSeverity, fromIso: string): string | null {
  const hours = deadlineHours(rules, level, category, severity);
  return hours === null ? null : new Date(Date.parse(fromIso) + hours * 3_600_000).toISOString();
}
