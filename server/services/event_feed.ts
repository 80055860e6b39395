import type { Db } from '../db/db.ts';
import { dbChannel } from './db_channel.ts';
import { selectEventLogSince, type EventLogEntry } from '../db/queries/select_event_log_since.ts';

/** What every event stream client receives for one logged step: a new event or a transition. */
export interface EventFeedMessage {
  seq: number;
  type: 'created' | 'transition';
  action: string;
  at: string;
  by: string;
  note: string | null;
  from_status: string | null;
  from_level: string | null;
  /** The event as it stands after this step. */
  event: {
    id: string;
    region: string;
    category: string;
    severity: string;
    status: string;
    level: string;
    assignee: string | null;
    due_at: string | null;
    lon: number;
    lat: number;
    grid_code: string | null;
    /** The grid's name, for people (notices, lists); the code is for filters and exports. */
    grid_name: string | null;
    /** Codes from the root down to the cell, joined by '/': filter a subtree by prefix. */
    area_path: string;
    description: string;
    source: string;
    reported_at: string;
  };
}

/** A message and its Server-Sent Events bytes, serialised and encoded once however many clients listen. */
export interface FeedItem {
  seq: number;
  message: EventFeedMessage;
  sse: Buffer;
}

/** The stream message of a log entry: the same whether it is sent live or replayed from the log. */
export function feedItem(l: EventLogEntry): FeedItem {
  const message: EventFeedMessage = {
    seq: l.seq,
    type: l.action === 'report' ? 'created' : 'transition',
    action: l.action,
    at: l.at,
    by: l.by,
    note: l.note,
    from_status: l.from_status,
    from_level: l.from_level,
    event: {
      id: l.event_id,
      region: l.region,
      category: l.category,
      severity: l.severity,
      status: l.to_status,
      level: l.to_level,
      assignee: l.assignee,
      due_at: l.due_at,
      lon: l.lon,
      lat: l.lat,
      grid_code: l.grid_code,
      grid_name: l.grid_name,
      area_path: l.area_path,
      description: l.description,
      source: l.source,
      reported_at: l.reported_at,
    },
  };
  return { seq: l.seq, message, sse: Buffer.from(`id: ${l.seq}\ndata: ${JSON.stringify(message)}\n\n`) };
}

/**
 * What followers hear when entries committed by other processes may have been missed (the
 * connection that hears them was lost): not an entry, a call to end their streams, so that
 * clients resume from their Last-Event-ID and read what they missed from the log.
 */
export const FEED_GAP: FeedItem = Object.freeze({ seq: 0, message: null as unknown as EventFeedMessage, sse: Buffer.alloc(0) });

// Another process's log entries travel as their numbers, and are read back from the log here.
const channel = dbChannel<FeedItem, number>('event feed', {
  toWire: (item) => item.seq,
  async fromWire(db, seqs) {
    const wanted = new Set(seqs);
    const first = Math.min(...seqs);
    const entries = await selectEventLogSince(db, first - 1, Math.max(...seqs) - first + 1);
    return entries.filter((e) => wanted.has(e.seq)).map(feedItem);
  },
  missed: () => [FEED_GAP],
});

/** Subscribes to committed event log entries of `db`; returns the unsubscribe function. */
export const subscribeEventFeed = (db: Db, listener: (item: FeedItem) => void): (() => void) => channel.subscribe(db, listener);

/** Tells every subscriber about a committed log entry. Call after the transaction commits. */
export function publishEventFeed(db: Db, entry: EventLogEntry): void {
  if (channel.listened(db)) channel.publish(db, feedItem(entry));
}
