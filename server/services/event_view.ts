import type { EventRow } from '../db/queries/event_row.ts';
import { allowedEventActions } from '../domain/events/allowed_event_actions.ts';
import type { EventAction } from '../domain/events/event_types.ts';
import { isEventOverdue } from '../domain/events/is_event_overdue.ts';

export type EventView = Omit<EventRow, 'request_hash' | 'area_path' | 'suspended_from' | 'suspended_at'> & {
  suspended_from: string | null;
  overdue: boolean;
  allowed_actions: EventAction[];
};

/** An event as the API shows it: its row, whether it is overdue now, and what may be done next. */
export function eventView(row: EventRow, nowMs = Date.now()): EventView {
  const { request_hash: _h, area_path: _p, suspended_at: _s, ...rest } = row;
  return {
    ...rest,
    overdue: isEventOverdue({ status: row.status, dueAt: row.due_at }, nowMs),
    allowed_actions: allowedEventActions(row),
  };
}
