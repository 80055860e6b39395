import { resultOf, type OutboxTransport, type SendResult } from './flush_outbox.ts';
import type { OutboxItem } from './outbox_types.ts';
import { fetchNoting } from '../reachability.ts';

const offline = (err: unknown): SendResult => ({ ok: false, final: false, problem: err instanceof Error ? err.message : String(err) });

// A request with no answer by then is given up and tried again later (the outbox's ids keep it once).
const SEND_TIMEOUT_MS = 60_000;
const PHOTO_TIMEOUT_MS = 180_000;

const postJson = (url: string, body: unknown) =>
  fetchNoting(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });

/** The outbox's requests over fetch: a photo to POST /api/media, then the item to its route. */
export const fieldTransport: OutboxTransport = {
  async uploadPhoto(id, blob) {
    const form = new FormData();
    form.set('id', id);
    form.set('file', blob, `${id}.jpg`);
    try {
      return await resultOf(await fetchNoting('/api/media', { method: 'POST', body: form, signal: AbortSignal.timeout(PHOTO_TIMEOUT_MS) }));
    } catch (err) {
      return offline(err);
    }
  },
  async send(item: OutboxItem) {
    const media = item.photos.map((p) => p.id);
    try {
      if (item.kind === 'patrol_start') return await resultOf(await postJson('/api/patrols', item.body));
      if (item.kind === 'patrol_points') return await resultOf(await postJson(`/api/patrols/${encodeURIComponent(item.patrolId)}/points`, { batch: item.id, points: item.points }));
      if (item.kind === 'patrol_stop') return await resultOf(await postJson(`/api/patrols/${encodeURIComponent(item.patrolId)}/stop`, { stopped_at: item.stoppedAt }));
      if (item.kind === 'visit') return await resultOf(await postJson('/api/visits', { ...item.body, id: item.id, ...(media.length ? { media } : {}) }));
      if (item.kind === 'report') return await resultOf(await postJson('/api/events', { ...item.body, id: item.id, ...(media.length ? { media } : {}) }));
      const at = `/api/events/${encodeURIComponent(item.eventId)}`;
      if (item.kind === 'attach') return await resultOf(await postJson(`${at}/media`, { media }));
      return await resultOf(await postJson(`${at}/transitions`, { ...item.body, client_id: item.id, ...(media.length ? { media } : {}) }));
    } catch (err) {
      return offline(err);
    }
  },
};
