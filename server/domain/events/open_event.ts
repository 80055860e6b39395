import { dueAt } from './deadline_hours.ts';
import type { DeadlineRule, EventReport, EventState } from './event_types.ts';

/**
 * The state of a freshly reported event: status `reported` at its intake level, the clock
 * started from that level's deadline.
 *
 * @example
 * openEvent({ category: 'dispute', severity: 'high', level: 'grid', at: '2026-01-01T00:00:00.000Z' }, rules)
 * // { status: 'reported', level: 'grid', dueAt: '2026-01-01T08:00:00.000Z', … }
 */
export function openEvent(report: EventReport, rules: readonly DeadlineRule[]): EventState {
  return {
    category: report.category,
    severity: report.severity,
    status: 'reported',
    level: report.level,
    assignee: null,
    dueAt: dueAt(rules, report.level, report.category, report.severity, report.at),
    suspendedFrom: null,
    suspendedAt: null,
    reportedAt: report.at,
    updatedAt: report.at,
    closedAt: null,
  };
}
