import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';

let t: TestDb;
let api: TestServer;
/** Two grids of the demo town, each with a point inside it. */
let grids: { lon: number; lat: number; grid: string }[];
let worker: { authorization: string }; // grid worker of grids[0]
let otherWorker: { authorization: string }; // grid worker of grids[1]

beforeAll(async () => {
  t = await createTestDb('demo');
  api = await startTestServer(t.db);
  grids = await t.db.query(
    `select st_x(p) as lon, st_y(p) as lat, g.code as grid
       from area g, st_pointonsurface(g.geom) as p
      where g.level = 'grid' and g.kind = 'base' order by g.code limit 2`,
  );
  worker = await api.userWith('grid_worker', grids[0].grid);
  otherWorker = await api.userWith('grid_worker', grids[1].grid);
});
afterAll(async () => {
  await api?.close();
  await t?.drop();
});

/** An 800×600 JPEG whose EXIF says: taken by "Phone X", at a GPS position, rotate 90° to view. */
const phoneJpeg = () =>
  sharp({ create: { width: 800, height: 600, channels: 3, background: '#3a6' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'Phone', Model: 'X' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '29/1 18/1 0/1' } })
    .withMetadata({ orientation: 6 })
    .toBuffer();

const countMedia = async () => (await t.db.query<{ n: number }>('select count(*)::int as n from media'))[0].n;

function upload(bytes: Uint8Array, as: { authorization: string } | null = null, fields: Record<string, string> = {}, name = 'photo.jpg', type = 'image/jpeg') {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set('file', new Blob([new Uint8Array(bytes)], { type }), name);
  return api.request('/api/media', { method: 'POST', body: form, headers: as ? { authorization: as.authorization } : {} });
}

const report = (over: Record<string, unknown> = {}, spot = grids[0]) => ({
  category: 'environment',
  description: '河道有垃圾漂浮',
  location: { type: 'Point', coordinates: [spot.lon, spot.lat] },
  source: 'patrol',
  ...over,
});

describe('POST /api/media', () => {
  it('stores a JPEG upright, without its EXIF (GPS, device), with a thumbnail', async () => {
    const input = await phoneJpeg();
    expect((await sharp(input).metadata()).exif).toBeDefined();
    const res = await upload(input, worker);
    expect(res.status).toBe(201);
    const m = await res.json();
    expect(m).toMatchObject({ content_type: 'image/jpeg', width: 600, height: 800 });
    expect(res.headers.get('location')).toBe(m.url);
    const got = await api.get(m.url, { authorization: worker.authorization });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    const served = Buffer.from(await got.arrayBuffer());
    const meta = await sharp(served).metadata();
    expect(meta.exif).toBeUndefined();
    expect(served.includes(Buffer.from('Phone'))).toBe(false);
    expect([meta.width, meta.height, meta.orientation ?? 1]).toEqual([600, 800, 1]);
    const thumb = await api.get(m.thumb_url, { authorization: worker.authorization });
    const tm = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect([tm.format, tm.width, tm.height]).toEqual(['jpeg', 240, 320]);
  });

  it('takes PNG and WebP, told from their bytes whatever the name and type say', async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 4, background: '#f00a' } }).png().toBuffer();
    const webp = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#00f' } }).webp().toBuffer();
    const a = await upload(png, worker, {}, 'x.jpg', 'image/jpeg');
    const b = await upload(webp, worker, {}, 'x.bin', 'application/octet-stream');
    expect([a.status, (await a.json()).content_type]).toEqual([201, 'image/png']);
    expect([b.status, (await b.json()).content_type]).toEqual([201, 'image/webp']);
  });

  it('refuses what is not an image with a 415 naming what it is, and stores nothing', async () => {
    const before = await countMedia();
    const pdf = await upload(Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n'), worker, {}, 'photo.jpg');
    expect(pdf.status).toBe(415);
    expect((await pdf.json()).message).toMatch(/PDF document.*JPEG, PNG or WebP/);
    const gif = await upload(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), worker);
    expect(gif.status).toBe(415);
    expect((await gif.json()).message).toMatch(/GIF/);
    expect(await countMedia()).toBe(before);
  });

  it('refuses a truncated JPEG with a 400 and stores nothing', async () => {
    const before = await countMedia();
    const whole = await phoneJpeg();
    const res = await upload(whole.subarray(0, Math.floor(whole.length / 2)), worker);
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/could not be read whole.*cut short or damaged/);
    expect(await countMedia()).toBe(before);
  });

  it('refuses a 50 MB upload with a 413 and stores nothing', async () => {
    const before = await countMedia();
    const big = Buffer.alloc(50 * 1024 * 1024, 0);
    big.set([0xff, 0xd8, 0xff, 0xe0]);
    const res = await upload(big, worker);
    expect(res.status).toBe(413);
    expect((await res.json()).message).toMatch(/over the limit of 12 MB/);
    expect(await countMedia()).toBe(before);
  });

  it('refuses a body with no file part, and an upload without sign-in', async () => {
    const form = new FormData();
    form.set('id', 'no-file');
    const res = await api.request('/api/media', { method: 'POST', body: form, headers: { authorization: worker.authorization } });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/form field "file"/);
    const anon = await fetch(`${api.url}/api/media`, { method: 'POST', body: form });
    expect(anon.status).toBe(401);
  });

  it('is idempotent on a client id: the same user sending it again gets the stored photo; another user a 409', async () => {
    const input = await phoneJpeg();
    const first = await upload(input, worker, { id: 'phone-1:photo-1' });
    expect(first.status).toBe(201);
    const before = await countMedia();
    const again = await upload(input, worker, { id: 'phone-1:photo-1' });
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe('phone-1:photo-1');
    const other = await upload(input, otherWorker, { id: 'phone-1:photo-1' });
    expect(other.status).toBe(409);
    expect(await countMedia()).toBe(before);
  });
});

describe('photos on events', () => {
  it('links photos to a report, in order, and serves them only to who may read the event', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) ids.push((await (await upload(await phoneJpeg(), worker)).json()).id);
    // Before it is reported, a photo is its uploader's alone.
    expect((await api.get(`/api/media/${ids[0]}`, { authorization: otherWorker.authorization })).status).toBe(404);
    const res = await api.post('/api/events', report({ id: 'ev-photo-1', media: ids }), { authorization: worker.authorization });
    expect(res.status).toBe(201);
    const event = await (await api.get('/api/events/ev-photo-1', { authorization: worker.authorization })).json();
    expect(event.media.map((m: { id: string }) => m.id)).toEqual(ids);
    expect(event.photo_ref).toBe(`/api/media/${ids[0]}`);
    // A dispatcher of the town reads the event and so its photos; the grid worker next door does not.
    const dispatcher = await api.userWith('dispatcher', null);
    expect((await api.get(event.media[1].url, { authorization: dispatcher.authorization })).status).toBe(200);
    expect((await api.get(event.media[1].thumb_url, { authorization: otherWorker.authorization })).status).toBe(404);
    // Open311 points at the stored photo.
    const [request] = await (await api.get('/open311/v2/requests/ev-photo-1.json')).json();
    expect(request.media_url).toBe(`${api.url}/api/media/${ids[0]}`);
  });

  it("refuses a report naming a photo the user may not see (another's, or none), and stores nothing", async () => {
    const theirs = (await (await upload(await phoneJpeg(), otherWorker)).json()).id;
    const events = async () => (await t.db.query<{ n: number }>('select count(*)::int as n from event'))[0].n;
    const before = await events();
    const res = await api.post('/api/events', report({ id: 'ev-photo-2', media: [theirs] }), { authorization: worker.authorization });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.message).toMatch(/media\[0\] names no photo/);
    const none = await api.post('/api/events', report({ id: 'ev-photo-3', media: ['no-such-photo'] }), { authorization: worker.authorization });
    expect(none.status).toBe(400);
    expect((await none.json()).problems[0]).toMatchObject({ field: 'media[0]' });
    const ten = await api.post('/api/events', report({ id: 'ev-photo-4', media: Array.from({ length: 10 }, (_, i) => `p${i}`) }), { authorization: worker.authorization });
    expect(ten.status).toBe(400);
    expect(await events()).toBe(before);
    expect((await t.db.query<{ n: number }>('select count(*)::int as n from event_media where media_id = $1::text', [theirs]))[0].n).toBe(0);
  });
});

describe('transitions from a phone: client ids and photos', () => {
  it('applies a step sent twice under one client id once, and answers the retry with the event', async () => {
    const as = { authorization: worker.authorization };
    expect((await api.post('/api/events', report({ id: 'ev-step-1' }), as)).status).toBe(201);
    const logs = async () => (await t.db.query<{ n: number }>(`select count(*)::int as n from event_log where event_id = 'ev-step-1'`))[0].n;
    const step = { action: 'accept', by: '网格员', client_id: 'phone-1:step-1' };
    const first = await api.post('/api/events/ev-step-1/transitions', step, as);
    expect(first.status).toBe(200);
    const a = await first.json();
    expect(a).toMatchObject({ status: 'accepted', replayed: false });
    const again = await api.post('/api/events/ev-step-1/transitions', step, as);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'accepted', replayed: true, seq: a.seq });
    // Two at once under a new id: one applies, the other is its replay.
    const dispatch = { action: 'dispatch', assignee: 'test-grid-worker', by: '网格员', client_id: 'phone-1:step-2' };
    const both = await Promise.all([api.post('/api/events/ev-step-1/transitions', dispatch, as), api.post('/api/events/ev-step-1/transitions', dispatch, as)]);
    const bodies = await Promise.all(both.map((r) => r.json()));
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(bodies.map((b) => b.replayed).sort()).toEqual([false, true]);
    expect(await logs()).toBe(3); // report, accept, dispatch
    // Without a client id the same action again is the lifecycle's 409, as before.
    expect((await api.post('/api/events/ev-step-1/transitions', { action: 'accept', by: '网格员' }, as)).status).toBe(409);
  });

  it('links a resolved step’s photos to the event with the step’s seq; a photo the user may not see is a 400', async () => {
    const as = { authorization: worker.authorization };
    const photo = (await (await upload(await phoneJpeg(), worker)).json()).id;
    const theirs = (await (await upload(await phoneJpeg(), otherWorker)).json()).id;
    expect((await api.post('/api/events/ev-step-1/transitions', { action: 'start', by: '网格员' }, as)).status).toBe(200);
    const refused = await api.post('/api/events/ev-step-1/transitions', { action: 'resolve', by: '网格员', note: '已清理', media: [theirs] }, as);
    expect(refused.status).toBe(400);
    const res = await api.post('/api/events/ev-step-1/transitions', { action: 'resolve', by: '网格员', note: '已清理', media: [photo], client_id: 'phone-1:step-3' }, as);
    expect(res.status).toBe(200);
    const { seq } = await res.json();
    const event = await (await api.get('/api/events/ev-step-1', as)).json();
    expect(event.status).toBe('resolved');
    expect(event.media).toEqual([expect.objectContaining({ id: photo, seq })]);
  });
});
