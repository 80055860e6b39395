import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/test_server.ts';
import { artifactsDir, browserMissing, launchBrowser, pageOpened, signIn, type TestBrowser } from '../helpers/browser.ts';
import { demoBasemapFile } from '../helpers/demo_basemap.ts';
import { renderedValues } from '../helpers/map_page.ts';
import { cutVectorTiles } from '../../server/basemap/cut_vector_tiles.ts';
import { writePmtiles } from '../../server/basemap/write_pmtiles.ts';

/** Waits, up to a deadline, until a basemap layer has drawn at least `n` features on screen; returns how many. */
async function drawnAtLeast(page: import('playwright-core').Page, layer: string, n: number): Promise<number> {
  const handle = await page.waitForFunction(
    ([l, min]) => {
      const map = (window as any).gridMap?.map;
      if (!map?.getLayer(l)) return false;
      const k = map.queryRenderedFeatures({ layers: [l] }).length;
      return k >= min ? k : false;
    },
    [layer, n] as const,
    { timeout: 60_000 },
  );
  return (await handle.jsonValue()) as number;
}

describe.skipIf(browserMissing())('the basemap under the grids', () => {
  let t: TestDb;
  let browser: TestBrowser;
  const servers: TestServer[] = [];
  let tmp: string;
  beforeAll(async () => {
    t = await createTestDb('demo');
    browser = await launchBrowser();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'gridwork-basemap-test-'));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    for (const s of servers) await s.close();
    await t?.drop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("the demo's first view shows its generated basemap (streets, the river, names) under the grids; buildings closer in", async () => {
    const api = await startTestServer(t.db, { config: { basemapFile: await demoBasemapFile() } });
    servers.push(api);
    const config = await (await api.get('/api/config')).json();
    expect(config).toMatchObject({ basemap: 'offline', basemaps: [{ id: 'offline', kind: 'pmtiles', url: '/basemap/offline.pmtiles' }] });
    const { page, errors } = await browser.newPage();
    await page.setViewportSize({ width: 1600, height: 1000 });
    await signIn(page, api.url, (await api.userWith('admin', null)).username, TEST_PASSWORD);
    const ranges: number[] = [];
    page.on('response', (r) => r.url().endsWith('/basemap/offline.pmtiles') && ranges.push(r.status()));
    await page.goto(api.url + '/');
    await pageOpened(page, 'one-map');
    // The grids are drawn over the basemap: the basemap's layers sit below the first area layer.
    const order = await page.evaluate(() => (window as any).gridMap.map.getStyle().layers.map((l: any) => l.id) as string[]);
    expect(order.indexOf('basemap-roads')).toBeGreaterThan(0);
    expect(order.indexOf('basemap-roads')).toBeLessThan(order.indexOf('communities-fill'));
    expect(await drawnAtLeast(page, 'basemap-roads', 10)).toBeGreaterThanOrEqual(10);
    expect(await drawnAtLeast(page, 'basemap-water', 1)).toBeGreaterThanOrEqual(1);
    const streets = await renderedValues(page, 'basemap-roads', 'name');
    // The streets of the addresses (names.ts ROADS) are on the map, by name.
    expect(streets).toEqual(expect.arrayContaining(['青溪大道', '商城大道', '稠州路']));
    expect(ranges.length).toBeGreaterThan(0);
    expect(ranges.every((s) => s === 206)).toBe(true);
    await page.screenshot({ path: path.join(artifactsDir, 'basemap_demo_first_view.png') });
    // Closer in: building footprints and the streets' names.
    await page.evaluate(() => (window as any).gridMap.jumpTo([120.0853, 29.3042], 16));
    expect(await drawnAtLeast(page, 'basemap-buildings', 20)).toBeGreaterThanOrEqual(20);
    expect(await drawnAtLeast(page, 'basemap-roads-label', 1)).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: path.join(artifactsDir, 'basemap_demo_z16.png') });
    // The switcher takes it away, and brings it back.
    await page.selectOption('#basemap', 'none');
    await page.waitForFunction(() => !(window as any).gridMap.map.getLayer('basemap-roads'));
    await page.selectOption('#basemap', 'offline');
    expect(await drawnAtLeast(page, 'basemap-buildings', 20)).toBeGreaterThanOrEqual(20);
    expect(errors).toEqual([]);
  }, 180_000);

  it('a basemap file made here is served by byte range (206) and drawn', async () => {
    // One water body and one named road across the demo town's centre, cut and written as PMTiles.
    const file = path.join(tmp, 'made.pmtiles');
    const road = { type: 'Feature' as const, properties: { kind: 'major_road', name: '测试大道' }, geometry: { type: 'LineString' as const, coordinates: [[120.05, 29.3042], [120.12, 29.3042]] } };
    const lake = { type: 'Feature' as const, properties: { kind: 'lake', name: '测试湖' }, geometry: { type: 'Polygon' as const, coordinates: [[[120.08, 29.31], [120.09, 29.31], [120.09, 29.318], [120.08, 29.318], [120.08, 29.31]]] } };
    const tiles = cutVectorTiles([
      { name: 'roads', features: { type: 'FeatureCollection', features: [road] }, minzoom: 8 },
      { name: 'water', features: { type: 'FeatureCollection', features: [lake] }, minzoom: 8 },
    ], [120.0, 29.25, 120.17, 29.36], 8, 14);
    writeFileSync(file, writePmtiles(tiles, { tileCompression: 2, tileType: 1, bounds: [120.0, 29.25, 120.17, 29.36], center: [120.085, 29.3042, 12], metadata: { name: 'test' } }));
    const api = await startTestServer(t.db, { config: { basemapFile: file } });
    servers.push(api);

    // The server answers a range with exactly those bytes.
    const res = await api.get('/basemap/offline.pmtiles', { range: 'bytes=0-126' });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toMatch(/^bytes 0-126\/\d+$/);
    expect(new TextDecoder().decode((await res.arrayBuffer()).slice(0, 7))).toBe('PMTiles');

    const { page, errors } = await browser.newPage();
    await signIn(page, api.url, (await api.userWith('admin', null)).username, TEST_PASSWORD);
    const statuses: number[] = [];
    page.on('response', (r) => r.url().endsWith('/basemap/offline.pmtiles') && statuses.push(r.status()));
    await page.goto(api.url + '/');
    await pageOpened(page, 'one-map');
    await drawnAtLeast(page, 'basemap-roads', 1);
    expect(await renderedValues(page, 'basemap-roads', 'name')).toEqual(['测试大道']);
    await drawnAtLeast(page, 'basemap-water', 1);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 206)).toBe(true);
    await page.screenshot({ path: path.join(artifactsDir, 'basemap_made_file.png') });
    expect(errors).toEqual([]);
  }, 120_000);
});
