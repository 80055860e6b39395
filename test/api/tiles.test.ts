import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';
import { tilesCovering, type Bbox, type Tile } from '../../server/tiles/tile_math.ts';
import { ringArea } from '../../server/tiles/encode_mvt.ts';
import { createTileService } from '../../server/tiles/tile_service.ts';
import { emitAreasChanged } from '../../server/services/area_changes.ts';
import { get as httpGet } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

const CENTRE = { lon: 120.0853, lat: 29.3042 };

function tileAt(z: number, lon = CENTRE.lon, lat = CENTRE.lat): Tile {
  return tilesCovering([lon, lat, lon, lat], z)[0];
}

describe('vector tiles of the demo town', () => {
  let t: TestDb;
  let api: TestServer;
  let townBbox: Bbox;
  let householdBbox: Bbox;
  beforeAll(async () => {
    t = await createTestDb('demo');
    api = await startTestServer(t.db);
    const [a] = await t.db.query<{ b: number[] }>(`select array[st_xmin(e), st_ymin(e), st_xmax(e), st_ymax(e)] as b from (select st_extent(geom) as e from area) x`);
    townBbox = a.b as Bbox;
    const [h] = await t.db.query<{ b: number[] }>(`select array[st_xmin(e), st_ymin(e), st_xmax(e), st_ymax(e)] as b from (select st_extent(geom) as e from household) x`);
    householdBbox = h.b as Bbox;
  });
  afterAll(async () => {
    await api?.close();
    await t?.drop();
  });

  async function getTile(layer: string, { z, x, y }: Tile, headers: Record<string, string> = {}) {
    const res = await api.request(`/tiles/${layer}/${z}/${x}/${y}.mvt`, { headers });
    const body = new Uint8Array(await res.arrayBuffer());
    return { res, body, tile: new VectorTile(new PbfReader(body)) };
  }

  it('draws the grids of a central z14 tile, covering it exactly once, with codes, names and ids', async () => {
    const { res, body, tile } = await getTile('grids', tileAt(14));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    const layer = tile.layers.grids;
    expect(layer.extent).toBe(4096);
    expect(layer.length).toBeGreaterThan(3);
    let area = 0;
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      expect(f.type).toBe(3);
      expect(typeof f.id).toBe('number');
      expect(f.properties.code).toMatch(/^330782101\d{5}$/);
      expect(f.properties.level).toBe('grid');
      expect(typeof f.properties.name).toBe('string');
      expect(f.properties.parent_code).toBe(String(f.properties.code).slice(0, 12));
      // Only the part inside the tile proper, so that the buffer's overlap is not counted.
      for (const ring of f.loadGeometry()) {
        const clipped = ring.map((p) => [Math.max(0, Math.min(4096, p.x)), Math.max(0, Math.min(4096, p.y))] as [number, number]);
        area += ringArea(clipped) / 2;
      }
    }
    // Grids tile the town with no gaps or overlaps (but for the demo's 25 m defect, elsewhere).
    expect(area / 4096 ** 2).toBeCloseTo(1, 2);
    expect(body.byteLength).toBeLessThan(500_000);
  });

  it('labels each grid exactly once across the tiles that cover the town', async () => {
    const seen: string[] = [];
    for (const tile of tilesCovering(townBbox, 14)) {
      const { tile: vt } = await getTile('grids', tile);
      const labels = vt.layers.grids_label;
      for (let i = 0; i < (labels?.length ?? 0); i++) {
        const f = labels.feature(i);
        expect(f.type).toBe(1);
        const [[p]] = f.loadGeometry();
        expect(p.x >= 0 && p.x < 4096 && p.y >= 0 && p.y < 4096).toBe(true);
        seen.push(String(f.properties.code));
      }
    }
    expect(seen).toHaveLength(145);
    expect(new Set(seen).size).toBe(145);
  });

  /** A GET as a tile client sends it, bytes as they come over the wire (fetch would decompress them). */
  const rawGet = (path: string, headers: Record<string, string>) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      httpGet(api.url + path, { headers: { authorization: `Bearer ${api.token}`, ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) })).on('error', reject);
      }).on('error', reject);
    });

  it('compresses by Accept-Encoding, each encoding with its own ETag; weak validators get a 304; an empty tile is a 204', async () => {
    const tile = tileAt(14);
    const path = `/tiles/units/${tile.z}/${tile.x}/${tile.y}.mvt`;
    const plain = await rawGet(path, {});
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const gz = await rawGet(path, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    expect(gz.body.byteLength).toBeLessThan(plain.body.byteLength);
    const br = await rawGet(path, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(String(br.headers.vary)).toContain('Accept-Encoding');
    expect(new Set([plain.headers.etag, gz.headers.etag, br.headers.etag]).size).toBe(3);
    expect(gz.headers.etag).toMatch(/^"[\w-]+"$/);
    for (const validator of [`W/${plain.headers.etag}`, `W/${gz.headers.etag}`, `"nope", ${br.headers.etag}`, '*']) {
      expect((await rawGet(path, { 'accept-encoding': 'gzip', 'if-none-match': validator })).status, validator).toBe(304);
    }
    expect((await rawGet(path, { 'if-none-match': 'W/"nope"' })).status).toBe(200);
    // Far out at sea: nothing of the town in the tile.
    const sea = tilesCovering([150, -40, 150, -40], 14)[0];
    const empty = await rawGet(`/tiles/units/${sea.z}/${sea.x}/${sea.y}.mvt`, { 'accept-encoding': 'gzip' });
    expect(empty.status).toBe(204);
    expect(empty.body.byteLength).toBe(0);
  });

  it('answers again from the cache, and 304 for an ETag the client holds', async () => {
    const tile = tileAt(13);
    const first = await getTile('units', tile);
    const second = await getTile('units', tile);
    expect(first.res.headers.get('x-tile-cache')).toBe('miss');
    expect(second.res.headers.get('x-tile-cache')).toBe('hit');
    expect(second.body).toEqual(first.body);
    const etag = first.res.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await api.request(`/tiles/units/${tile.z}/${tile.x}/${tile.y}.mvt`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(first.res.headers.get('cache-control')).toBe('private, no-cache');
  });

  it('bins households when zoomed out, each counted once, and every tile stays under 500 KB', async () => {
    const [{ n }] = await t.db.query<{ n: number }>('select count(*)::int as n from household');
    for (const z of [10, 12, 14]) {
      let total = 0;
      for (const tile of tilesCovering(householdBbox, z)) {
        const { body, tile: vt } = await getTile('households', tile);
        expect(body.byteLength).toBeLessThan(500_000);
        const layer = vt.layers.households;
        for (let i = 0; i < (layer?.length ?? 0); i++) {
          const f = layer.feature(i);
          expect(Object.keys(f.properties).sort()).toEqual(['count', 'people']);
          total += Number(f.properties.count);
        }
      }
      expect(total, `households counted at z${z}`).toBe(n);
    }
  });

  it('draws households as points when zoomed in, with no personal fields', async () => {
    const { tile } = await getTile('households', tileAt(16));
    const layer = tile.layers.households;
    expect(layer.length).toBeGreaterThan(0);
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      expect(f.type).toBe(1);
      expect(Object.keys(f.properties).sort()).toEqual(['floating', 'people']);
    }
  });

  it('draws facilities with their category', async () => {
    const covering = tilesCovering(townBbox, 11);
    const names: string[] = [];
    for (const tile of covering) {
      const { tile: vt } = await getTile('facilities', tile);
      const layer = vt.layers.facilities;
      for (let i = 0; i < (layer?.length ?? 0); i++) names.push(String(layer.feature(i).properties.category));
    }
    const [{ n }] = await t.db.query<{ n: number }>('select count(*)::int as n from facility');
    expect(new Set(names).size).toBeGreaterThan(3);
    // Tiles overlap by their buffer: every facility is seen at least once.
    expect(names.length).toBeGreaterThanOrEqual(n);
  });

  it('drops exactly the cached tiles an area edit touches', async () => {
    // The grid to edit, and tiles near it and far from it.
    const [grid] = await t.db.query<{ code: string; name: string; parent: string; lon: number; lat: number; g: GeoJSON.MultiPolygon }>(
      `select a.code, a.name, p.code as parent, st_x(st_pointonsurface(a.geom)) as lon, st_y(st_pointonsurface(a.geom)) as lat,
              st_asgeojson(a.geom)::json as g
         from area a join area p on p.id = a.parent_id where a.code = '33078210100101'`,
    );
    const near = tileAt(15, grid.lon, grid.lat);
    const far = tileAt(15, townBbox[0] + 0.002, townBbox[1] + 0.002);
    const farUnits = tileAt(14, townBbox[2] - 0.001, townBbox[3] - 0.001);
    for (const [layer, tile] of [['grids', near], ['grids', far], ['units', farUnits], ['facilities', near]] as const) await getTile(layer, tile);
    expect((await getTile('grids', near)).res.headers.get('x-tile-cache')).toBe('hit');

    const res = await api.post('/api/areas/import?mode=upsert', {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { code: grid.code, name: `${grid.name}（改）`, level: 'grid', parent_code: grid.parent }, geometry: grid.g }],
    });
    expect(res.status).toBe(201);

    const after = await getTile('grids', near);
    expect(after.res.headers.get('x-tile-cache')).toBe('miss');
    const names = Array.from({ length: after.tile.layers.grids.length }, (_, i) => after.tile.layers.grids.feature(i).properties.name);
    expect(names).toContain(`${grid.name}（改）`);
    expect((await getTile('grids', far)).res.headers.get('x-tile-cache')).toBe('hit');
    expect((await getTile('units', farUnits)).res.headers.get('x-tile-cache')).toBe('hit');
    expect((await getTile('facilities', near)).res.headers.get('x-tile-cache')).toBe('hit');
  });

  it('counts households, people and facilities per grid for the map to colour by sizing', async () => {
    const res = await api.get('/tiles/grids/counts.json');
    expect(res.status).toBe(200);
    const { areas } = (await res.json()) as { areas: { code: string; kind: string; households: number; facilities: number }[] };
    expect(areas).toHaveLength(145);
    const [{ n }] = await t.db.query<{ n: number }>("select count(*)::int as n from household where cell_id is not null");
    expect(areas.reduce((s, a) => s + a.households, 0)).toBe(n);
    const base = areas.filter((a) => a.kind === 'base');
    // data/README.md: 117 of the 139 base grids hold 200–400 households, 14 fewer, 8 more.
    expect(base.filter((a) => a.households >= 200 && a.households <= 400)).toHaveLength(117);
    expect(base.filter((a) => a.households < 200)).toHaveLength(14);
    expect(base.filter((a) => a.households > 400)).toHaveLength(8);
  });

  it('serves TileJSON for each layer and refuses unknown layers and tiles outside the pyramid', async () => {
    const tj = await (await api.get('/tiles/units.json')).json();
    expect(tj.tiles[0]).toBe(`${api.url}/tiles/units/{z}/{x}/{y}.mvt`);
    expect(tj.bounds[0]).toBeCloseTo(townBbox[0], 5);
    expect(tj.vector_layers[0].id).toBe('units');
    expect((await api.get('/tiles/nope/1/0/0.mvt')).status).toBe(404);
    const outside = await api.get('/tiles/grids/3/9/0.mvt');
    expect(outside.status).toBe(400);
    expect((await outside.json()).message).toMatch(/outside|0–22/);
    expect((await api.get('/tiles/grids/x/0/0.mvt')).status).toBe(400);
    expect((await api.get('/tiles/grids/23/0/0.mvt')).status).toBe(400);
  });

  it('seeds the tiles a map opens on into the cache, and only those', async () => {
    const service = createTileService(t.db);
    try {
      const zooms = Array.from({ length: 14 }, (_, z) => tilesCovering(townBbox, z)).filter((tiles) => tiles.length <= 64);
      expect(zooms.length).toBeGreaterThan(10);
      expect(await service.seed(13)).toBe(zooms.flat().length * 3);
      for (const tile of zooms.at(-1)!) {
        for (const layer of ['towns', 'communities', 'grids']) expect((await service.get(layer, tile)).hit).toBe(true);
        expect((await service.get('units', tile)).hit).toBe(false);
      }
      expect((await service.get('grids', tilesCovering(townBbox, 14)[0])).hit).toBe(false);
      // An edit in the town's middle drops the seeded tiles it touches; they are rendered again.
      const tile = tileAt(13);
      const box: Bbox = [CENTRE.lon - 0.001, CENTRE.lat - 0.001, CENTRE.lon + 0.001, CENTRE.lat + 0.001];
      emitAreasChanged(t.db, { codes: [], bbox: box });
      expect(service.cache.get('grids', tile)).toBeUndefined();
      await expect.poll(() => service.cache.get('grids', tile) !== undefined && service.cache.get('towns', tile) !== undefined, { timeout: 30_000 }).toBe(true);
    } finally {
      service.close();
    }
  });

  it("gives a community's worker TileJSON bounds around their community, so their map opens there", async () => {
    const [c] = await t.db.query<{ code: string; w: number; s: number; e: number; n: number }>(
      `select code, st_xmin(geom) as w, st_ymin(geom) as s, st_xmax(geom) as e, st_ymax(geom) as n from area where level = 'community' order by code limit 1`,
    );
    const worker = await api.userWith('grid_worker', c.code);
    const tj = await (await api.get('/tiles/grids.json', { authorization: worker.authorization })).json();
    // The community's children may spill a little past it: the bounds hold them all, and nothing beside it.
    expect(tj.bounds[0]).toBeLessThanOrEqual(c.w + 1e-9);
    expect(tj.bounds[2]).toBeGreaterThanOrEqual(c.e - 1e-9);
    expect(tj.bounds[2] - tj.bounds[0]).toBeLessThan((townBbox[2] - townBbox[0]) / 2);
    expect(tj.bounds[3] - tj.bounds[1]).toBeLessThan((townBbox[3] - townBbox[1]) / 2);
  });
});
