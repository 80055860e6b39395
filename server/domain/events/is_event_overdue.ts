import { CLOCK_RUNNING_STATUSES, type EventState } from './event_types.ts';

/**
 * An event is overdue when its clock runs (reported … in progress; not suspended, resolved or
 * finished) and its level's deadline has passed.
 *
 * @example
 * isEventOverdue({ status: 'dispatched', dueAt: '2026-01-01T08:00:00Z' }, Date.parse('2026-01-01T09:00:00Z')) // true
 */
export function isEventOverdue(state: Pick<EventState, 'status' | 'dueAt'>, nowMs: number): boolean {
  return state.dueAt !== null && CLOCK_RUNNING_STATUSES.includes(state.status) && Date.parse(state.dueAt) < nowMs;
}
