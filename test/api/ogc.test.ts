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
    expect(rels['service-desc']).toBe(`${api.url}/api/openapi.json`);
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

  it('filters items by bbox like the areas API does', async () => {
    const bbox = '120.08,29.30,120.09,29.31';
    const page = await json(`/ogc/collections/units/items?bbox=${bbox}&limit=10000`);
    const areas = await json(`/api/areas?level=unit&bbox=${bbox}`);
    expect(page.numberMatched).toBe(areas.features.length);
    expect(page.features.map((f: any) => f.id).sort()).toEqual(areas.features.map((f: any) => f.id).sort());
    expect(page.numberMatched).toBeGreaterThan(5);
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
    expect((await api.get('/ogc/collections/units/items?limit=20000')).status).toBe(400);
  });
});
