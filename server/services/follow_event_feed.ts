import type { Db } from '../db/db.ts';
import { selectEventLogSince } from '../db/queries/select_event_log_since.ts';
import { feedItem, subscribeEventFeed, type FeedItem } from './event_feed.ts';

const PAGE = 1000;

/**
 * Follows the event feed for one client: first everything logged after `afterSeq` (from the
 * database, so a client that dropped misses nothing however long it was away), then live
 * entries as they commit. It subscribes before it reads the log and holds live entries back until
 * the replay ends, so that nothing committed in between falls through the gap, and it drops the
 * live entries the replay already sent. `afterSeq` null: live entries only.
 */
export function followEventFeed(
  db: Db,
  afterSeq: number | null,
  send: (item: FeedItem) => void,
  onError: (err: unknown) => void,
  page = PAGE,
): { close(): void; replayed: Promise<number> } {
  let closed = false;
  let replaying = afterSeq !== null;
  let replayedUpTo = afterSeq ?? 0;
  const held: FeedItem[] = [];
  const unsubscribe = subscribeEventFeed(db, (item) => {
    if (closed) return;
    if (replaying) held.push(item);
    else if (item.seq > replayedUpTo) send(item);
  });
  const replayed = (async () => {
    let count = 0;
    if (afterSeq === null) return count;
    try {
      for (let cursor = afterSeq; !closed; ) {
        const rows = await selectEventLogSince(db, cursor, page);
        for (const row of rows) if (!closed) send(feedItem(row));
        count += rows.length;
        if (rows.length > 0) cursor = replayedUpTo = rows[rows.length - 1].seq;
        if (rows.length < page) break;
      }
      replaying = false;
      held.sort((a, b) => a.seq - b.seq);
      for (const item of held.splice(0)) if (!closed && item.seq > replayedUpTo) send(item);
    } catch (err) {
      onError(err);
    }
    return count;
  })();
  return {
    close() {
      closed = true;
      unsubscribe();
      held.length = 0;
    },
    replayed,
  };
}
