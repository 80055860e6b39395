import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitAreasChanged } from '../../server/services/area_changes.ts';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';
import { openSse } from '../helpers/sse_client.ts';

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

/** Opens GET /api/changes/stream; its `areas` messages, as `{codes}`, in `areas()`. */
function openStream(headers: Record<string, string> = {}) {
  const s = openSse(api, '/api/changes/stream', headers);
  return { ...s, areas: () => s.messages.filter((m) => m.event === 'areas').map((m) => m.data as { codes: string[] }) };
}

describe('GET /api/changes/stream', () => {
  it('tells an open map of an import that changed the published tree, with the codes written', async () => {
    const stream = openStream();
    await stream.until(() => stream.comments.includes('connected'), 'the opening comment');
    const [g] = await t.db.query<{ name: string; kind: string; parent: string; geometry: string }>(
      `select a.name, a.kind, p.code as parent, st_asgeojson(a.geom) as geometry from area a join area p on p.id = a.parent_id where a.code = $1::text`,
      [grid],
    );
    const feature = { type: 'Feature', geometry: JSON.parse(g.geometry), properties: { code: grid, name: `${g.name}·改`, level: 'grid', kind: g.kind, parent_code: g.parent } };
    expect((await api.post('/api/areas/import?mode=upsert', { type: 'FeatureCollection', features: [feature] })).status).toBeLessThan(300);
    await stream.until(() => stream.areas().length > 0, 'the change');
    await stream.close();
    expect(stream.areas()).toEqual([{ codes: [grid] }]);
  });

  it('tells a user held to a grid only of changes there, naming only what they may see', async () => {
    const worker = await api.userWith('grid_worker', grid);
    const admin = openStream();
    const mine = openStream({ authorization: worker.authorization });
    await admin.until(() => admin.comments.includes('connected'), 'the opening comment');
    await mine.until(() => mine.comments.includes('connected'), 'the opening comment');
    emitAreasChanged(t.db, { codes: [other], bbox: null }); // elsewhere: not told
    emitAreasChanged(t.db, { codes: [unit, other], bbox: null }); // partly theirs: told of theirs
    emitAreasChanged(t.db, { codes: [], bbox: null }); // unknown in detail: told that something changed
    // A last change both are told of: a stream keeps its order, so once it has arrived anything
    // the three before it were going to send has arrived too (no waiting for silence).
    emitAreasChanged(t.db, { codes: [unit], bbox: null });
    const last = (xs: unknown[]) => JSON.stringify(xs.at(-1)) === JSON.stringify({ codes: [unit] });
    await admin.until(() => last(admin.areas()) && last(mine.areas()), 'the last change, on both streams');
    await Promise.all([admin.close(), mine.close()]);
    expect(admin.areas()).toEqual([{ codes: [other] }, { codes: [unit, other] }, { codes: [] }, { codes: [unit] }]);
    expect(mine.areas()).toEqual([{ codes: [unit] }, { codes: [] }, { codes: [unit] }]);
  });

  it('refuses a caller without a session (401)', async () => {
    expect((await api.request('/api/changes/stream', { headers: { authorization: '' } })).status).toBe(401);
  });
});
