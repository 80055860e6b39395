import type { Db } from '../db/db.ts';
import { selectEventLogSince } from '../db/queries/select_event_log_since.ts';
import { FEED_GAP, feedItem, subscribeEventFeed, type FeedItem } from './event_feed.ts';

const PAGE = 1000;

/**
 * Follows the event feed for one client: first everything logged after `afterSeq` (from the
 * database, so a client that dropped misses nothing however long it was away), then live
 * entries as they commit. It subscribes before it reads the log and holds live entries back until
 * the replay ends, so that nothing committed in between falls through the gap, and it drops the
 * live entries the replay already sent. `afterSeq` null: live entries only. `onBroken` is told
 * when the follow cannot go on: a replay that failed (an error), or entries of other processes
 * that may have been missed (FEED_GAP); the caller ends the stream, and its client resumes from
 * the last id it got.
 */
export function followEventFeed(
  db: Db,
  afterSeq: number | null,
  send: (item: FeedItem) => void,
  onBroken: (why: unknown) => void,
  page = PAGE,
): { close(): void; replayed: Promise<number> } {
  let closed = false;
  let replaying = afterSeq !== null;
  let replayedUpTo = afterSeq ?? 0;
  const held: FeedItem[] = [];
  const unsubscribe = subscribeEventFeed(db, (item) => {
    if (closed) return;
    if (item === FEED_GAP) return onBroken(FEED_GAP);
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
      onBroken(err);
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
