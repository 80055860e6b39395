import { eventClock } from '../events/event_clock.ts';
import { sortEvents } from '../events/event_sort.ts';
import type { LiveEvent } from '../events/event_model.ts';

/** An event as GET /api/events lists it, with what the phone shows of it. */
export interface Task extends LiveEvent {
  address: string | null;
  photo_ref: string | null;
  allowed_actions: string[];
}

/**
 * What the phone offers on a task: the field steps among the actions the server allows now.
 * `take` (领取) is a dispatch to oneself, offered when the event may be dispatched and is not
 * the user's yet; the rest keep their names. In the order of the loop.
 *
 *   fieldActions({ allowed_actions: ['dispatch', 'escalate', 'suspend'], assignee: null }, 'li')  // → ['take', 'escalate']
 */
export function fieldActions(t: Pick<Task, 'allowed_actions' | 'assignee'>, me: string): string[] {
  const out: string[] = [];
  for (const a of ['accept', 'dispatch', 'start', 'resolve', 'return', 'escalate']) {
    if (!t.allowed_actions.includes(a)) continue;
    if (a === 'dispatch') {
      if (t.assignee !== me) out.push('take');
    } else out.push(a);
  }
  return out;
}

/**
 * The user's tasks, most urgent first: the events dispatched to them, then the others open in
 * their area, each group by its deadline (furthest overdue first, no running clock last).
 */
export function sortTasks(tasks: readonly Task[], me: string, nowMs: number): Task[] {
  const byDue = sortEvents(tasks, { key: 'due', descending: false }, nowMs) as Task[];
  return [...byDue.filter((t) => t.assignee === me), ...byDue.filter((t) => t.assignee !== me)];
}

/** The deadline clock's words: time left, or how long past it; null without a running clock. */
export function clockOf(t: Task, nowMs: number): { overdue: boolean; ms: number } | null {
  const c = eventClock(t, nowMs);
  return c.dueInMs === null ? null : { overdue: c.overdue, ms: Math.abs(c.dueInMs) };
}
