import type { TestServer } from './test_server.ts';

export interface SseMessage {
  /** The `event:` field; 'message' when none. */
  event: string;
  /** The `id:` field; NaN when the message has none. */
  id: number;
  data: any;
}

/**
 * A minimal EventSource over fetch for tests: collects a stream's messages (data parsed as JSON)
 * and comments until closed. `until` waits for a condition, failing with `what` after `ms`.
 */
export function openSse(api: TestServer, path: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  let wake = () => undefined as void;
  const done = (async () => {
    const res = await api.request(path, { headers, signal: controller.signal });
    if (res.status !== 200) throw new Error(`stream answered ${res.status}: ${await res.text()}`);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let id = NaN;
        let event = 'message';
        let data = '';
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) comments.push(line.slice(1).trim());
          else if (line.startsWith('id: ')) id = Number(line.slice(4));
          else if (line.startsWith('event: ')) event = line.slice(7);
          else if (line.startsWith('data: ')) data += line.slice(6);
        }
        if (data) messages.push({ event, id, data: JSON.parse(data) });
        wake();
      }
    }
  })().catch((err) => {
    if (err.name !== 'AbortError') throw err;
  });
  const until = async (ok: () => boolean, what: string, ms = 10_000) => {
    const deadline = Date.now() + ms;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${messages.length} messages`);
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 50);
      });
    }
  };
  return {
    messages,
    comments,
    until,
    count: (n: number) => until(() => messages.length >= n, `${n} messages`),
    close: async () => {
      controller.abort();
      await done;
    },
  };
}
