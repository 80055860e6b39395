import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';

describe('OGC API – Features at /ogc over the demo town', () => {
  let t: TestDb;
  let api: TestServer;
  beforeAll(async () => {
    t = await createTestDb('demo');
    api = await startTestServer(t.db);
  });
  afterAll(async () => {
    await api?.close();
    await t?.drop();
  });

  const json = async (path: string) => {
    const res = await api.get(path);
    expect(res.status, path).toBe(200);
    return res.json();
  };

  it('has a landing page linking the API definition, conformance and collections', async () => {
    const landing = await json('/ogc');
    const rels = Object.fromEntries(landing.links.map((l: any) => [l.rel, l.href]));
    expect(rels.conformance).toBe(`${api.url}/ogc/conformance`);
    expect(rels.data).toBe(`${api.url}/ogc/collections`);
    expect(rels['service-desc']).toBe(`${api.url}/ogc/api`);
    const { conformsTo } = await json('/ogc/conformance');
    expect(conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core');
    expect(conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson');
  });

  it('lists the collections with their extents', async () => {
    const { collections } = await json('/ogc/collections');
    const ids = collections.map((c: any) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['communities', 'grids', 'units', 'facilities']));
    const grids = collections.find((c: any) => c.id === 'grids');
    const [w, s, e, n] = grids.extent.spatial.bbox[0];
    expect(w).toBeGreaterThan(119.9);
    expect(e).toBeLessThan(120.3);
    expect(s).toBeLessThan(n);
    expect(grids.links.find((l: any) => l.rel === 'items').href).toBe(`${api.url}/ogc/collections/grids/items`);
  });

  it('pages through all 145 grids with next links, each grid once', async () => {
    const seen: string[] = [];
    let url: string | undefined = '/ogc/collections/grids/items?limit=50';
    let pages = 0;
    while (url) {
      const res = await api.get(url.replace(api.url, ''));
      expect(res.headers.get('content-type')).toMatch(/application\/geo\+json/);
      const page = await res.json();
      expect(page.type).toBe('FeatureCollection');
      expect(page.numberMatched).toBe(145);
      expect(page.numberReturned).toBe(page.features.length);
      for (const f of page.features) {
        expect(f.geometry.type).toBe('MultiPolygon');
        expect(f.properties.level).toBe('grid');
        seen.push(f.id);
      }
      url = page.links.find((l: any) => l.rel === 'next')?.href;
      if (pages > 0) expect(page.links.some((l: any) => l.rel === 'prev')).toBe(true);
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(145);
  });

  it('filters items by bbox by their true shapes, with four or six numbers and a lat/lon bbox-crs', async () => {
    const bbox = '120.08,29.30,120.09,29.31';
    const page = await json(`/ogc/collections/units/items?bbox=${bbox}&limit=10000`);
    const ids = page.features.map((f: any) => f.id).sort();
    const [w, s, e, n] = bbox.split(',').map(Number);
    const units = await t.db.query<{ code: string; touches: boolean }>(
      `select code, st_intersects(geom, st_makeenvelope($1, $2, $3, $4, 4326)) as touches from area where level = 'unit' and geom && st_makeenvelope($1, $2, $3, $4, 4326)`,
      [w, s, e, n],
    );
    expect(ids).toEqual(units.filter((u) => u.touches).map((u) => u.code).sort());
    expect(page.numberMatched).toBe(ids.length);
    expect(page.numberMatched).toBeGreaterThan(5);
    // Six numbers (heights ignored) and EPSG:4490's latitude-first order give the same features.
    const six = await json(`/ogc/collections/units/items?bbox=120.08,29.30,-10,120.09,29.31,100&limit=10000`);
    expect(six.features.map((f: any) => f.id).sort()).toEqual(ids);
    const latLon = await json(`/ogc/collections/units/items?bbox=29.30,120.08,29.31,120.09&bbox-crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/4490')}&limit=10000`);
    expect(latLon.features.map((f: any) => f.id).sort()).toEqual(ids);
  });

  it('filters events by datetime: an instant day, closed and open intervals; garbage is a 400', async () => {
    const [spot] = await t.db.query<{ lon: number; lat: number }>(`select st_x(p) as lon, st_y(p) as lat from (select st_pointonsurface(geom) as p from area where level = 'grid' order by code limit 1) x`);
    const times = ['2026-03-01T08:00:00Z', '2026-03-01T23:59:59Z', '2026-03-02T00:00:00Z', '2026-03-05T12:30:00Z', '2026-04-01T00:00:00Z'];
    for (const at of times) {
      const made = await api.post('/api/events', { category: 'dispute', description: `datetime ${at}`, location: spot });
      expect(made.status).toBe(201);
      await t.db.query('update event set reported_at = $2::timestamptz where id = $1', [(await made.json()).id, at]);
    }
    const events = await t.db.query<{ id: string; at: string }>(`select id::text as id, to_char(reported_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at from event order by reported_at`);
    expect(events.length).toBeGreaterThan(3);
    const ids = async (datetime: string) => {
      const page = await json(`/ogc/collections/events/items?limit=10000&datetime=${encodeURIComponent(datetime)}`);
      expect(page.numberMatched).toBe(page.features.length);
      return page.features.map((f: any) => String(f.id)).sort();
    };
    const middle = '2026-03-02T00:00:00.000Z';
    const expected = (pred: (at: string) => boolean) => events.filter((x) => pred(x.at)).map((x) => x.id).sort();
    expect(await ids(`../${middle}`)).toEqual(expected((at) => at <= middle));
    expect(await ids(`${middle}/..`)).toEqual(expected((at) => at >= middle));
    expect(await ids(middle)).toEqual(expected((at) => at === middle));
    const day = middle.slice(0, 10);
    expect(await ids(day)).toEqual(expected((at) => at.startsWith(day)));
    expect(await ids('2000-01-01/2000-01-02')).toEqual([]);
    for (const bad of ['garbage', '2026-13-01', '2026-01-02/2026-01-01', '../..', 'a/b/c']) {
      const res = await api.get(`/ogc/collections/events/items?datetime=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      expect((await res.json()).message, bad).toContain('datetime');
    }
  });

  it('returns one feature by id, and facilities without personal data', async () => {
    const unit = await json('/ogc/collections/units/items/33078210100101001');
    expect(unit.type).toBe('Feature');
    expect(unit.properties.parent_code).toBe('33078210100101');
    expect(unit.links[0].rel).toBe('self');
    const facilities = await json('/ogc/collections/facilities/items?limit=1000');
    const [{ n }] = await t.db.query<{ n: number }>('select count(*)::int as n from facility');
    expect(facilities.numberReturned).toBe(n);
    expect(Object.keys(facilities.features[0].properties)).toEqual(expect.arrayContaining(['name', 'category']));
  });

  it('says what was wrong: unknown collection or feature, bad bbox or limit', async () => {
    const missing = await api.get('/ogc/collections/parcels/items');
    expect(missing.status).toBe(404);
    expect((await missing.json()).message).toContain('grids');
    expect((await api.get('/ogc/collections/units/items/nope')).status).toBe(404);
    const bad = await api.get('/ogc/collections/units/items?bbox=1,2,3');
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toContain('bbox');
    expect((await api.get('/ogc/collections/units/items?limit=0')).status).toBe(400);
  });

  it('caps a limit above the maximum instead of refusing it, and documents the default and maximum', async () => {
    const page = await json('/ogc/collections/units/items?limit=20000');
    expect(page.links.find((l: any) => l.rel === 'self').href).toContain('limit=10000');
    const doc = await api.get('/api/openapi.json');
    expect(doc.headers.get('content-type')).toBe('application/vnd.oai.openapi+json; version=3.0; charset=utf-8');
    const limit = (await doc.json()).paths['/ogc/collections/{id}/items'].get.parameters.find((p: any) => p.name === 'limit');
    expect(limit.schema).toMatchObject({ default: 1000, maximum: 10000 });
    // The OGC part on its own, rooted at /ogc with the standard's paths, as the landing page's service-desc.
    const ogcDoc = await api.get('/ogc/api');
    expect(ogcDoc.headers.get('content-type')).toContain('application/vnd.oai.openapi+json');
    const ogc = await ogcDoc.json();
    expect(ogc.servers[0].url).toBe(`${api.url}/ogc`);
    expect(ogc.paths['/collections/{collectionId}/items'].get.parameters.find((p: any) => p.name === 'limit').schema).toMatchObject({ default: 1000, maximum: 10000 });
    const unpaged = await json('/ogc/collections/units/items');
    expect(unpaged.numberReturned).toBe(Math.min(1000, unpaged.numberMatched));
  });

  it('builds links from X-Forwarded-* only behind a trusted proxy, never from a bare Host', async () => {
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'grid.example.gov.cn', 'x-forwarded-prefix': '/gw', host: 'evil.example.com' };
    const untrusted = await (await api.get('/ogc', forwarded)).json();
    expect(untrusted.links[0].href).toBe(`${api.url}/ogc`);
    const behind = await startTestServer(t.db, { config: { trustProxy: 'loopback' } });
    try {
      const landing = await (await behind.get('/ogc', forwarded)).json();
      expect(landing.links.map((l: any) => l.href)).toContain('https://grid.example.gov.cn/gw/ogc/collections');
      const hostOnly = await (await behind.get('/ogc', { host: 'evil.example.com' })).json();
      expect(hostOnly.links[0].href).toBe(`${behind.url}/ogc`);
    } finally {
      await behind.close();
    }
  });

  it('has every area level as a collection', async () => {
    const { collections } = await json('/ogc/collections');
    expect(collections.map((c: any) => c.id)).toEqual(expect.arrayContaining(['towns', 'communities', 'grids', 'subgrids', 'units']));
  });
});
