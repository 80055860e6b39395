import type { Db } from '../db/db.ts';
import { eventAreaPath } from './event_area_path.ts';
import { selectEventLastSeq } from '../db/queries/select_event_last_seq.ts';
import { selectEvents, type EventFilter } from '../db/queries/select_events.ts';
import { CLOCK_RUNNING_STATUSES } from '../domain/events/event_types.ts';
import { assertKnownCategories, eventRules } from './event_rules.ts';
import { eventView, type EventView } from './event_view.ts';

export type ListEventsRequest = Omit<EventFilter, 'areaPath' | 'now' | 'clockStatuses'> & { area?: string };

/**
 * A page of events matching the filters, newest first, with the total that match and `last_seq`:
 * the log seq read just before the page, so that a client that draws this page and then opens
 * the stream with `last_event_id=last_seq` misses nothing in between (it may see a few twice).
 */
export async function listEvents(
  db: Db,
  r: ListEventsRequest,
): Promise<{ events: EventView[]; total: number; limit: number; offset: number; next_offset: number | null; last_seq: number }> {
  assertKnownCategories(await eventRules(db), r.category);
  const areaPath = await eventAreaPath(db, r.area);
  const lastSeq = await selectEventLastSeq(db);
  const now = Date.now();
  const { rows, total } = await selectEvents(db, { ...r, areaPath, now: new Date(now).toISOString(), clockStatuses: CLOCK_RUNNING_STATUSES });
  const next = r.offset + rows.length;
  return { events: rows.map((row) => eventView(row, now)), total, limit: r.limit, offset: r.offset, next_offset: next < total ? next : null, last_seq: lastSeq };
}
