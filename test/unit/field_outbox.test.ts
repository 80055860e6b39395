import { describe, expect, it } from 'vitest';
import { flushOutbox, resultOf, type OutboxTransport, type SendResult } from '../../web/field/flush_outbox.ts';
import type { OutboxItem, OutboxStore } from '../../web/field/outbox_types.ts';
import { fitWithin } from '../../web/field/shrink_photo.ts';
import { refusalText } from '../../web/field/refusal_text.ts';
import { accuracyCircle } from '../../web/map/field_layers.ts';

/** An outbox kept in a Map, as IndexedDB keeps it on the phone. */
function createStore(items: OutboxItem[] = []): OutboxStore & { map: Map<string, OutboxItem> } {
  const map = new Map(items.map((i) => [i.id, structuredClone(i)]));
  return { map, all: async () => [...map.values()].map((i) => structuredClone(i)), put: async (i) => void map.set(i.id, structuredClone(i)), delete: async (id) => void map.delete(id) };
}

const report = (id: string, createdAt: number, photos: string[] = []): OutboxItem => ({
  kind: 'report', id, createdAt, state: 'waiting', tries: 0, label: id, body: { category: 'environment' },
  photos: photos.map((p) => ({ id: p, blob: new Blob(['x']), uploaded: false })),
});

/** A server that answers from a script, and remembers what it stored (by id: a retry stores nothing new). */
function createServer(script: (what: string) => SendResult = () => ({ ok: true })) {
  const stored: string[] = [];
  const requests: string[] = [];
  const transport: OutboxTransport = {
    async uploadPhoto(id) {
      requests.push(`photo ${id}`);
      const r = script(`photo ${id}`);
      if (r.ok && !stored.includes(id)) stored.push(id);
      return r;
    },
    async send(item) {
      requests.push(`${item.kind} ${item.id}`);
      const r = script(`${item.kind} ${item.id}`);
      if (r.ok && !stored.includes(item.id)) stored.push(item.id);
      return r;
    },
  };
  return { transport, stored, requests };
}

describe('flushOutbox', () => {
  it('sends photos first, then the item, oldest item first, and marks them sent', async () => {
    const store = createStore([report('ev-2', 2), report('ev-1', 1, ['ph-a', 'ph-b'])]);
    const server = createServer();
    expect(await flushOutbox(store, server.transport)).toBe(2);
    expect(server.requests).toEqual(['photo ph-a', 'photo ph-b', 'report ev-1', 'report ev-2']);
    expect([...store.map.values()].map((i) => i.state)).toEqual(['sent', 'sent']);
  });

  it('stops at a network failure, keeping the order, and resumes without sending a stored photo again', async () => {
    const store = createStore([report('ev-1', 1, ['ph-a', 'ph-b']), report('ev-2', 2)]);
    let down = true;
    const server = createServer((what) => (down && what === 'photo ph-b' ? { ok: false, final: false, problem: 'Failed to fetch' } : { ok: true }));
    expect(await flushOutbox(store, server.transport)).toBe(0);
    expect(server.requests).toEqual(['photo ph-a', 'photo ph-b']);
    expect(store.map.get('ev-1')).toMatchObject({ state: 'waiting', problem: 'Failed to fetch', tries: 1 });
    expect(store.map.get('ev-1')!.photos.map((p) => p.uploaded)).toEqual([true, false]);
    down = false;
    expect(await flushOutbox(store, server.transport)).toBe(2);
    expect(server.requests.slice(2)).toEqual(['photo ph-b', 'report ev-1', 'report ev-2']);
    expect(server.stored).toEqual(['ph-a', 'ph-b', 'ev-1', 'ev-2']);
  });

  it('marks a refused item with the server’s message and goes on with the rest', async () => {
    const store = createStore([report('ev-1', 1), report('ev-2', 2)]);
    const server = createServer((what) => (what === 'report ev-1' ? { ok: false, final: true, problem: 'The location lies outside every area.' } : { ok: true }));
    expect(await flushOutbox(store, server.transport)).toBe(1);
    expect(store.map.get('ev-1')).toMatchObject({ state: 'refused', problem: 'The location lies outside every area.' });
    expect(refusalText(0)).toBe('网络不通，联网后自动发送');
    expect(refusalText(409)).toMatch(/已被他人处理/);
    expect(refusalText(503)).toMatch(/稍后自动重试/);
    expect(store.map.get('ev-2')!.state).toBe('sent');
    // A refused item is not sent again.
    await flushOutbox(store, server.transport);
    expect(server.requests.filter((r) => r === 'report ev-1')).toHaveLength(1);
  });

  it('tells answers apart: 2xx sent, 4xx refused for good, 401/408/429/5xx try later', async () => {
    const answer = (status: number) => resultOf(new Response(JSON.stringify({ message: `m${status}` }), { status }));
    expect(await answer(201)).toEqual({ ok: true });
    expect(await answer(409)).toEqual({ ok: false, final: true, problem: 'm409', status: 409 });
    for (const s of [401, 408, 429, 500, 503]) expect((await answer(s)).ok === false && !(await answer(s) as { final: boolean }).final).toBe(true);
  });
});

describe('fitWithin and accuracyCircle', () => {
  it.each([
    { input: [4000, 3000, 1600], expected: { width: 1600, height: 1200 } },
    { input: [3000, 4000, 1600], expected: { width: 1200, height: 1600 } },
    { input: [800, 600, 1600], expected: { width: 800, height: 600 } },
    { input: [10000, 10, 1600], expected: { width: 1600, height: 2 } },
  ])('fitWithin($input)', ({ input: [w, h, max], expected }) => expect(fitWithin(w, h, max)).toEqual(expected));

  it('draws the accuracy circle at its radius', () => {
    const ring = accuracyCircle(120, 30, 100, 4).coordinates[0];
    expect(ring).toHaveLength(5);
    expect(ring[0][1] - 30).toBeCloseTo(100 / 110_574, 9);
    expect((ring[1][0] - 120) * 111_320 * Math.cos(Math.PI / 6)).toBeCloseTo(100, 6);
    expect(ring[4]).toEqual(ring[0]);
  });
});
