import type { FeedMessage } from './event_model.ts';

export type StreamState = 'live' | 'reconnecting';

/**
 * Follows GET /api/events/stream from log sequence `after` (the snapshot's last_seq), so nothing
 * committed between the snapshot and the stream is missed. The browser's EventSource resends the
 * last id it saw (Last-Event-ID) when it reconnects by itself; when it gives up (the server
 * answered an error), this reopens it from that id a few seconds later. Returns close().
 */
export function followEventStream(after: number, onMessage: (msg: FeedMessage) => void, onState: (s: StreamState) => void): () => void {
  let lastSeen = after;
  let source: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  const open = () => {
    source = new EventSource(`/api/events/stream?last_event_id=${lastSeen}`);
    source.onopen = () => onState('live');
    source.onmessage = (e) => {
      const msg = JSON.parse(e.data) as FeedMessage;
      lastSeen = Math.max(lastSeen, msg.seq);
      onMessage(msg);
    };
    source.onerror = () => {
      onState('reconnecting');
      if (source?.readyState === EventSource.CLOSED && !closed) {
        retry = setTimeout(open, 3000);
      }
    };
  };
  open();
  return () => {
    closed = true;
    if (retry) clearTimeout(retry);
    source?.close();
  };
}
