import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitAreasChanged } from '../../server/services/area_changes.ts';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';

let t: TestDb;
let api: TestServer;
let grid: string;
let other: string;
let unit: string;
beforeAll(async () => {
  t = await createTestDb('demo');
  api = await startTestServer(t.db);
  // A grid, a unit in it, and a grid of another community.
  [{ grid, unit }] = await t.db.query<{ grid: string; unit: string }>(
    `select g.code as grid, u.code as unit from area g join area u on u.parent_id = g.id where g.level = 'grid' order by g.code, u.code limit 1`,
  );
  [{ code: other }] = await t.db.query<{ code: string }>(
    `select g.code from area g where g.level = 'grid' and g.parent_id <> (select parent_id from area where code = $1::text) order by g.code limit 1`,
    [grid],
  );
});
afterAll(async () => {
  await api?.close();
  await t?.drop();
});

/** Opens GET /api/changes/stream and collects its `areas` messages until closed. */
async function openStream(headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await api.request('/api/changes/stream', { headers, signal: controller.signal });
  expect(res.status).toBe(200);
  const messages: { codes: string[] }[] = [];
  const reading = (async () => {
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      for (let end: number; (end = buffer.indexOf('\n\n')) >= 0; buffer = buffer.slice(end + 2)) {
        const block = buffer.slice(0, end);
        if (block.startsWith('event: areas\n')) messages.push(JSON.parse(block.slice(block.indexOf('data: ') + 6)));
      }
    }
  })().catch((err) => {
    if (err.name !== 'AbortError') throw err;
  });
  return { messages, close: async () => (controller.abort(), await reading) };
}
const until = async (ok: () => boolean) => {
  for (const deadline = Date.now() + 5000; !ok() && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
};

describe('GET /api/changes/stream', () => {
  it('tells an open map of an import that changed the published tree, with the codes written', async () => {
    const stream = await openStream();
    const [g] = await t.db.query<{ name: string; kind: string; parent: string; geometry: string }>(
      `select a.name, a.kind, p.code as parent, st_asgeojson(a.geom) as geometry from area a join area p on p.id = a.parent_id where a.code = $1::text`,
      [grid],
    );
    const feature = { type: 'Feature', geometry: JSON.parse(g.geometry), properties: { code: grid, name: `${g.name}·改`, level: 'grid', kind: g.kind, parent_code: g.parent } };
    expect((await api.post('/api/areas/import?mode=upsert', { type: 'FeatureCollection', features: [feature] })).status).toBeLessThan(300);
    await until(() => stream.messages.length > 0);
    await stream.close();
    expect(stream.messages).toEqual([{ codes: [grid] }]);
  });

  it('tells a user held to a grid only of changes there, naming only what they may see', async () => {
    const worker = await api.userWith('grid_worker', grid);
    const admin = await openStream();
    const mine = await openStream({ authorization: worker.authorization });
    emitAreasChanged(t.db, { codes: [other], bbox: null }); // elsewhere: not told
    emitAreasChanged(t.db, { codes: [unit, other], bbox: null }); // partly theirs: told of theirs
    emitAreasChanged(t.db, { codes: [], bbox: null }); // unknown in detail: told that something changed
    await until(() => admin.messages.length >= 3 && mine.messages.length >= 2);
    await new Promise((r) => setTimeout(r, 100)); // anything more would have come by now
    await Promise.all([admin.close(), mine.close()]);
    expect(admin.messages).toEqual([{ codes: [other] }, { codes: [unit, other] }, { codes: [] }]);
    expect(mine.messages).toEqual([{ codes: [unit] }, { codes: [] }]);
  });

  it('refuses a caller without a session (401)', async () => {
    expect((await api.request('/api/changes/stream', { headers: { authorization: '' } })).status).toBe(401);
  });
});
