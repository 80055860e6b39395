import type { OutboxItem, OutboxStore } from './outbox_types.ts';

/** What one request came to: ok, refused for good (a 4xx the same request would get again), or try later. */
export type SendResult = { ok: true } | { ok: false; final: boolean; problem: string; status?: number };

/** The requests an outbox item is made of; fetch in the app, fakes in tests. */
export interface OutboxTransport {
  uploadPhoto(id: string, blob: Blob): Promise<SendResult>;
  send(item: OutboxItem): Promise<SendResult>;
}

/**
 * Sends every waiting item, oldest first, each exactly once as far as the server is concerned:
 * every request carries the item's client id (photos their media ids, reports their event id,
 * transitions their client_id), so a request whose answer was lost and is sent again is
 * recognised and not applied twice. Photos go first; an item is sent once all its photos are
 * stored. A network failure or a 5xx stops the round (the rest stays waiting, in order);
 * a refusal (4xx other than 408 and 429) marks that item refused with the server's message and
 * the round goes on. Progress is written to `store` after every request, so a closed tab resumes
 * where it stopped. Returns how many items were sent.
 */
export async function flushOutbox(store: OutboxStore, transport: OutboxTransport, onChange: () => void = () => undefined): Promise<number> {
  const waiting = (await store.all()).filter((i) => i.state === 'waiting').sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  let sent = 0;
  for (const item of waiting) {
    item.tries++;
    let result: SendResult = { ok: true };
    for (const photo of item.photos) {
      if (photo.uploaded) continue;
      result = await transport.uploadPhoto(photo.id, photo.blob);
      if (!result.ok) break;
      photo.uploaded = true;
      await store.put(item);
    }
    if (result.ok) result = await transport.send(item);
    if (result.ok) {
      item.state = 'sent';
      item.sentAt = Date.now();
      item.problem = undefined;
      // The photos' bytes are on the server now; keep the record, not the blobs.
      item.photos = item.photos.map((p) => ({ ...p, blob: new Blob([]) }));
      sent++;
    } else {
      item.problem = result.problem;
      item.status = result.status ?? 0;
      if (result.final) item.state = 'refused';
    }
    await store.put(item);
    onChange();
    if (!result.ok && !result.final) break;
  }
  return sent;
}

/** How a response counts: 2xx ok; 4xx (but 408, 429) refused for good; anything else try later. */
export async function resultOf(res: Response): Promise<SendResult> {
  if (res.ok) return { ok: true };
  const body = (await res.json().catch(() => ({}))) as { message?: string };
  const problem = body.message ?? `${res.status} ${res.statusText}`;
  const final = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429 && res.status !== 401;
  return { ok: false, final, problem, status: res.status };
}
