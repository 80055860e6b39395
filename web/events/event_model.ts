import type { EventFeedMessage } from '../../server/services/event_feed.ts';
/**
 * The command centre's picture of one event, as GET /api/events lists it and as the stream
 * (GET /api/events/stream) updates it. Plain data and pure functions: tested without a browser.
 */
export interface LiveEvent {
  id: string;
  category: string;
  severity: string;
  status: string;
  level: string;
  assignee: string | null;
  due_at: string | null;
  reported_at: string;
  lon: number;
  lat: number;
  grid_code: string | null;
  grid_name?: string | null;
  description: string;
  source: string;
  /** When this page first saw it arrive live (ms, performance-free wall clock): drives the pulse. */
  arrived_at?: number;
}

/** One message of the stream: the server's own type (server/services/event_feed.ts). */
export type FeedMessage = EventFeedMessage;

/** What the list, points and heat show: statuses, categories and levels (empty: all), under an area. */
export interface EventFilter {
  area: string;
  statuses: string[];
  categories: string[];
  levels: string[];
}

/** Statuses in which the deadline clock runs (server/domain/events/event_types.ts CLOCK_RUNNING_STATUSES). */
export const CLOCK_RUNNING: readonly string[] = ['reported', 'accepted', 'dispatched', 'in_progress'];
export const OPEN_STATUSES: readonly string[] = ['reported', 'accepted', 'dispatched', 'in_progress', 'resolved', 'verified', 'suspended'];

/**
 * Overdue as the server decides it: the clock runs and the deadline has passed.
 * Example: isOverdue({ status: 'dispatched', due_at: '2026-01-01T08:00:00Z' }, Date.parse('2026-01-01T09:00:00Z')) → true.
 */
export function isOverdue(e: Pick<LiveEvent, 'status' | 'due_at'>, nowMs: number): boolean {
  return e.due_at !== null && CLOCK_RUNNING.includes(e.status) && Date.parse(e.due_at) < nowMs;
}

/**
 * Whether a streamed event belongs on this page: in the area's subtree (its path of codes names
 * the area) and passing the filters. Example: matchesFilter({ area_path: 'T/C/G', status: 'reported', … }, { area: 'C', statuses: ['reported'], … }) → true.
 */
export function matchesFilter(e: Pick<LiveEvent, 'status' | 'category' | 'level'> & { area_path: string }, f: EventFilter): boolean {
  if (f.area && !e.area_path.split('/').includes(f.area)) return false;
  if (f.statuses.length && !f.statuses.includes(e.status)) return false;
  if (f.categories.length && !f.categories.includes(e.category)) return false;
  if (f.levels.length && !f.levels.includes(e.level)) return false;
  return true;
}

/** The query string of GET /api/events and /api/events/heat for a filter and extra parameters. */
export function filterQuery(f: EventFilter, extra: Record<string, string | number | undefined> = {}): string {
  const q = new URLSearchParams();
  if (f.area) q.set('area', f.area);
  if (f.statuses.length) q.set('status', f.statuses.join(','));
  if (f.categories.length) q.set('category', f.categories.join(','));
  if (f.levels.length) q.set('level', f.levels.join(','));
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) q.set(k, String(v));
  return q.toString();
}

export type FeedOutcome = 'added' | 'updated' | 'removed' | 'ignored';

/**
 * Applies one stream message to the page's events (by id): a new matching event is added and
 * marked as just arrived, a transition updates it, and one that no longer passes the filter
 * (closed, moved elsewhere) leaves. Example: a 'created' message for an open event in the area → 'added'.
 */
export function applyFeedMessage(events: Map<string, LiveEvent>, msg: FeedMessage, f: EventFilter, nowMs: number): FeedOutcome {
  const { area_path: _path, ...e } = msg.event;
  const had = events.get(e.id);
  if (!matchesFilter(msg.event, f)) {
    if (!had) return 'ignored';
    events.delete(e.id);
    return 'removed';
  }
  if (had) {
    events.set(e.id, { ...had, ...e });
    return 'updated';
  }
  events.set(e.id, { ...e, arrived_at: msg.type === 'created' ? nowMs : undefined });
  return 'added';
}
