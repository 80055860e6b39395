import { eventClock } from './event_clock.ts';
import type { LiveEvent } from './event_model.ts';

export type SortKey = 'due' | 'reported' | 'status' | 'category' | 'grid' | 'level';
export interface SortOrder {
  key: SortKey;
  descending: boolean;
}

const STATUS_ORDER = ['reported', 'accepted', 'dispatched', 'in_progress', 'suspended', 'resolved', 'verified', 'closed', 'cancelled'];
const LEVEL_ORDER = ['grid', 'community', 'town', 'city'];

/**
 * The list in the order asked for; ties fall back to the newest first. `due` puts the most
 * urgent first (furthest overdue, then least time left) and events with no running clock last,
 * whichever the direction.
 * Example: sortEvents([a (due in 5 h), b (2 h overdue), c (no deadline)], { key: 'due', descending: false }, now) → [b, a, c].
 */
export function sortEvents(events: readonly LiveEvent[], order: SortOrder, nowMs: number): LiveEvent[] {
  const sign = order.descending ? -1 : 1;
  const due = (e: LiveEvent) => eventClock(e, nowMs).dueInMs;
  const newest = (a: LiveEvent, b: LiveEvent) => Date.parse(b.reported_at) - Date.parse(a.reported_at) || a.id.localeCompare(b.id);
  const compare = (a: LiveEvent, b: LiveEvent): number => {
    switch (order.key) {
      case 'due': {
        const [x, y] = [due(a), due(b)];
        if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
        return sign * (x - y);
      }
      case 'reported':
        return sign * (Date.parse(a.reported_at) - Date.parse(b.reported_at));
      case 'status':
        return sign * (STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
      case 'level':
        return sign * (LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level));
      case 'category':
        return sign * a.category.localeCompare(b.category);
      case 'grid':
        return sign * (a.grid_code ?? '').localeCompare(b.grid_code ?? '');
    }
  };
  return [...events].sort((a, b) => compare(a, b) || newest(a, b));
}
