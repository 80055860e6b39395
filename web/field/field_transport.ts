import { resultOf, type OutboxTransport, type SendResult } from './flush_outbox.ts';
import type { OutboxItem } from './outbox_types.ts';

const offline = (err: unknown): SendResult => ({ ok: false, final: false, problem: err instanceof Error ? err.message : String(err) });

const postJson = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** The outbox's requests over fetch: a photo to POST /api/media, then the item to its route. */
export const fieldTransport: OutboxTransport = {
  async uploadPhoto(id, blob) {
    const form = new FormData();
    form.set('id', id);
    form.set('file', blob, `${id}.jpg`);
    try {
      return await resultOf(await fetch('/api/media', { method: 'POST', body: form }));
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
