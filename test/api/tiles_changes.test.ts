import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';
import { tilesCovering, type Tile } from '../../server/tiles/tile_math.ts';

interface Spot {
  lon: number;
  lat: number;
}

const tileAt = (z: number, { lon, lat }: Spot): Tile => tilesCovering([lon, lat, lon, lat], z)[0];

/** Register tiles (households, facilities, events) follow writes at once, and only the tiles a write touches are dropped. */
describe('register tiles after writes', () => {
  let t: TestDb;
  let api: TestServer;
  let centre: Spot;
  let corner: Spot;
  beforeAll(async () => {
    t = await createTestDb('demo');
    api = await startTestServer(t.db);
    // Two places inside grids (where events may be reported), far apart: an assigned household's.
    const spot = async (order: string) =>
      (await t.db.query<Spot>(`select st_x(geom) as lon, st_y(geom) as lat from household where assignment = 'assigned' order by ${order} limit 1`))[0];
    centre = await spot(`geom <-> st_setsrid(st_point(120.0853, 29.3042), 4326)`);
    corner = await spot(`st_x(geom) + st_y(geom)`);
  });
  afterAll(async () => {
    await api?.close();
    await t?.drop();
  });

  async function getTile(layer: string, { z, x, y }: Tile) {
    const res = await api.request(`/tiles/${layer}/${z}/${x}/${y}.mvt`);
    const body = new Uint8Array(await res.arrayBuffer());
    // A tile with nothing of the layer is a 204 with no body; any other, a 200 with its bytes.
    expect(res.status).toBe(body.byteLength === 0 ? 204 : 200);
    const features = [];
    const vt = new VectorTile(new PbfReader(body)).layers[layer];
    for (let i = 0; i < (vt?.length ?? 0); i++) features.push(vt.feature(i).properties);
    return { cache: res.headers.get('x-tile-cache'), features };
  }
  /** Requests the tiles until each is served from the cache. */
  async function cached(layer: string, ...tiles: Tile[]) {
    for (const tile of tiles) await getTile(layer, tile);
    for (const tile of tiles) expect((await getTile(layer, tile)).cache).toBe('hit');
  }
  const csv = (path: string, body: string) => api.request(path, { method: 'POST', headers: { 'content-type': 'text/csv' }, body });
  const households = (features: Record<string, unknown>[]) => features.reduce((n, f) => n + Number(f.count ?? 1), 0);

  it('shows a household imported into a cached tile on the next request, at every zoom, and keeps tiles elsewhere cached', async () => {
    const [z16, z12, far] = [tileAt(16, centre), tileAt(12, centre), tileAt(16, corner)];
    await cached('households', z16, z12, far);
    const before = { z16: (await getTile('households', z16)).features, z12: (await getTile('households', z12)).features };

    expect((await csv('/api/households/import', `id,lon,lat,people\nTC-H1,${centre.lon},${centre.lat},3\n`)).status).toBe(201);

    const after16 = await getTile('households', z16);
    expect(after16.cache).toBe('miss');
    expect(after16.features).toHaveLength(before.z16.length + 1);
    const after12 = await getTile('households', z12);
    expect(after12.cache).toBe('miss');
    expect(households(after12.features)).toBe(households(before.z12) + 1);
    expect((await getTile('households', far)).cache).toBe('hit');
  });

  it('moves a re-imported household out of its old tiles and into its new ones', async () => {
    const [old16, new16, other] = [tileAt(16, centre), tileAt(16, corner), tileAt(14, corner)];
    const elsewhere = tileAt(16, { lon: (centre.lon + corner.lon) / 2, lat: (centre.lat + corner.lat) / 2 });
    await cached('households', old16, new16, elsewhere);
    const [oldBefore, newBefore] = [(await getTile('households', old16)).features, (await getTile('households', new16)).features];

    expect((await csv('/api/households/import', `id,lon,lat,people\nTC-H1,${corner.lon},${corner.lat},3\n`)).status).toBe(201);

    const oldAfter = await getTile('households', old16);
    const newAfter = await getTile('households', new16);
    expect([oldAfter.cache, newAfter.cache]).toEqual(['miss', 'miss']);
    expect(oldAfter.features).toHaveLength(oldBefore.length - 1);
    expect(newAfter.features).toHaveLength(newBefore.length + 1);
    expect(newAfter.features.filter((f) => f.people === 3).length).toBeGreaterThan(newBefore.filter((f) => f.people === 3).length);
    expect((await getTile('households', elsewhere)).cache).toBe('hit');
    // Every household still counted once over the town at z12.
    const [{ n }] = await t.db.query<{ n: number }>('select count(*)::int as n from household');
    let total = 0;
    for (const tile of tilesCovering([centre.lon - 0.1, centre.lat - 0.1, centre.lon + 0.1, centre.lat + 0.1], 12)) total += households((await getTile('households', tile)).features);
    expect(total).toBe(n);
    expect(other.z).toBe(14);
  });

  it('drops the old and the new tile of a facility moved by re-import, and no other', async () => {
    const [f] = await t.db.query<{ id: string; name: string; category: string; lon: number; lat: number }>(
      `select id, name, category, st_x(geom) as lon, st_y(geom) as lat from facility order by geom <-> st_setsrid(st_point($1::float8, $2::float8), 4326) limit 1`,
      [centre.lon, centre.lat],
    );
    const [from, to] = [tileAt(15, f), tileAt(15, corner)];
    const elsewhere = tileAt(15, { lon: (f.lon + corner.lon) / 2, lat: (f.lat + corner.lat) / 2 });
    await cached('facilities', from, to, elsewhere);
    expect((await getTile('facilities', from)).features.map((p) => p.id)).toContain(f.id);

    expect((await csv('/api/facilities/import', `id,lon,lat,name,category\n${f.id},${corner.lon},${corner.lat},${f.name},${f.category}\n`)).status).toBe(201);

    const a = await getTile('facilities', from);
    const b = await getTile('facilities', to);
    expect([a.cache, b.cache]).toEqual(['miss', 'miss']);
    expect(a.features.map((p) => p.id)).not.toContain(f.id);
    expect(b.features.map((p) => p.id)).toContain(f.id);
    expect((await getTile('facilities', elsewhere)).cache).toBe('hit');
  });

  it('shows a reported event and its transition in the events tile at once; other event tiles stay cached', async () => {
    const [here, far] = [tileAt(15, centre), tileAt(15, corner)];
    await cached('events', here, far);

    const report = await api.post('/api/events', { id: 'tc-ev-1', category: 'dispute', description: '邻里纠纷', location: centre });
    expect(report.status).toBe(201);
    const shown = await getTile('events', here);
    expect(shown.cache).toBe('miss');
    expect(shown.features.find((p) => p.id === 'tc-ev-1')).toMatchObject({ status: 'reported' });
    expect((await getTile('events', far)).cache).toBe('hit');
    expect((await getTile('events', here)).cache).toBe('hit');

    expect((await api.post('/api/events/tc-ev-1/transitions', { action: 'accept', by: '网格员' })).status).toBe(200);
    const moved = await getTile('events', here);
    expect(moved.cache).toBe('miss');
    expect(moved.features.find((p) => p.id === 'tc-ev-1')).toMatchObject({ status: 'accepted' });
    expect((await getTile('events', far)).cache).toBe('hit');
  });
});
