import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/test_server.ts';
import { mapIdle, pixelShare, renderedValues } from '../helpers/map_page.ts';
import { artifactsDir, browserMissing, launchBrowser, signIn, type TestBrowser } from '../helpers/browser.ts';

/** Waits for the map to finish drawing what was just asked of it. */
const idle = (page: Page) => mapIdle(page);
const rendered = (page: Page, layer: string, prop = 'code') => renderedValues(page, layer, prop);

describe.skipIf(browserMissing())('the one-map (一张图) in headless Chromium', () => {
  let t: TestDb;
  let api: TestServer;
  let browser: TestBrowser;
  let page: Page;
  let errors: string[];
  beforeAll(async () => {
    t = await createTestDb('demo');
    api = await startTestServer(t.db);
    browser = await launchBrowser();
    ({ page, errors } = await browser.newPage());
    page.on('console', (m) => m.type() === 'info' && m.text().startsWith('first full view') && console.log(`[one-map] ${m.text()}`));
    await signIn(page, api.url, (await api.userWith('admin', null)).username, TEST_PASSWORD);
    await page.goto(api.url);
    // A ceiling, not a speed check: on a loaded CI machine the first view can take tens of seconds.
    await page.waitForSelector('body[data-ready="true"]', { timeout: 90_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await t?.drop();
  });

  it('draws the area tree with one label per community and no console errors', async () => {
    expect(await rendered(page, 'communities-line')).toHaveLength(24);
    expect(await rendered(page, 'grids-fill')).toHaveLength(145);
    const labels = await page.evaluate(() => (window as any).gridMap.map.queryRenderedFeatures({ layers: ['communities-label'] }).map((f: any) => f.properties.code));
    // Labels that collide are hidden, so not all 24 need show; none may show twice.
    expect(labels.length).toBeGreaterThan(12);
    expect(new Set(labels).size).toBe(labels.length);
    // Something other than the background colour (#eef1f4) covers much of the canvas.
    expect(await pixelShare(page, [0xee, 0xf1, 0xf4], 6)).toBeLessThan(0.8);
    await page.screenshot({ path: path.join(artifactsDir, 'one_map_kind.png') });
    expect(errors).toEqual([]);
  });

  it('colours grids by sizing status from the households register', async () => {
    await page.waitForSelector('body[data-sizing="ready"]');
    const redBefore = await pixelShare(page, 'reddish');
    await page.check('input[name="colour"][value="sizing"]');
    await idle(page);
    const states = await page.evaluate(() => {
      const map = (window as any).gridMap.map;
      const out: Record<string, number> = {};
      for (const f of map.queryRenderedFeatures({ layers: ['grids-fill'] })) {
        const s = map.getFeatureState({ source: 'areas-grids', sourceLayer: 'grids', id: f.id }).status;
        out[f.properties.code] = s;
      }
      const counts: Record<string, number> = {};
      for (const s of Object.values(out)) counts[s] = (counts[s] ?? 0) + 1;
      return counts;
    });
    // data/README.md: 117 base grids within 200–400, 14 under, 8 over; 6 dedicated grids exempt.
    expect(states).toEqual({ within: 117, under: 14, over: 8, exempt: 6 });
    expect(await page.textContent('#colour-legend')).toContain('117');
    // The "over" red (#e06666, translucent) shows up on screen, and did not before.
    expect(await pixelShare(page, 'reddish')).toBeGreaterThan(redBefore + 0.002);
    await page.screenshot({ path: path.join(artifactsDir, 'one_map_sizing.png') });
  });

  it('toggles households (density, then points) and facilities, each with a legend', async () => {
    await page.check('input[data-group="households"]');
    await idle(page);
    const heat = await page.evaluate(() => (window as any).gridMap.map.querySourceFeatures('households', { sourceLayer: 'households' }).length);
    expect(heat).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(artifactsDir, 'one_map_households_density.png') });
    await page.check('input[name="household-mode"][value="points"]');
    await idle(page);
    expect((await page.evaluate(() => (window as any).gridMap.map.queryRenderedFeatures({ layers: ['households-points'] }).length))).toBeGreaterThan(50);
    await page.uncheck('input[data-group="households"]');

    await page.check('input[data-group="facilities"]');
    await idle(page);
    const categories = await rendered(page, 'facilities-points', 'category');
    expect(categories).toEqual(expect.arrayContaining(['committee', 'clinic', 'kindergarten', 'school']));
    expect(await page.locator('#layers .legend').last().textContent()).toContain('幼儿园');
    await page.screenshot({ path: path.join(artifactsDir, 'one_map_facilities.png') });
    await page.uncheck('input[data-group="facilities"]');
    expect(errors).toEqual([]);
  });

  it('finds a grid by name and opens its card with its parents, counts and staff', async () => {
    const [grid] = await t.db.query<{ code: string; name: string; parent: string }>(
      `select a.code, a.name, p.name as parent from area a join area p on p.id = a.parent_id where a.level = 'grid' and a.kind = 'base' order by a.code limit 1`,
    );
    const counts = (await (await api.get('/tiles/grids/counts.json')).json()).areas.find((a: any) => a.code === grid.code);
    await page.fill('#search-input', grid.name);
    await page.waitForSelector('#search-results li.search-area');
    await page.click('#search-results li.search-area >> nth=0');
    await page.waitForSelector('#card h2');
    expect(await page.textContent('#card h2')).toBe(grid.name);
    expect(await page.textContent('#card .chain')).toContain(grid.parent);
    expect(await page.textContent('#card [data-count="households"]')).toContain(counts.households.toLocaleString());
    expect(await page.textContent('#card [data-count="facilities"]')).toBe(String(counts.facilities));
    expect(await page.textContent('#card .links')).toContain('规划调整');
    await idle(page);
    expect(await rendered(page, 'grids-selected')).toEqual([grid.code]);
    await page.screenshot({ path: path.join(artifactsDir, 'one_map_search_card.png') });
  });

  it('finds an address and opens the card of its unit, with no personal details', async () => {
    const [h] = await t.db.query<{ address: string; unit: string }>(
      `select h.address, c.code as unit from household h join area c on c.id = h.cell_id where h.assignment = 'assigned' order by h.id limit 1`,
    );
    const body = await (await api.get(`/api/search?q=${encodeURIComponent(h.address)}&types=address`)).text();
    expect(body).not.toMatch(/head_name|phone/);
    await page.fill('#search-input', h.address);
    await page.waitForSelector('#search-results li.search-address');
    await page.press('#search-input', 'Enter');
    await page.waitForFunction((code) => document.querySelector('#card .muted')?.textContent?.includes(code), h.unit);
    expect(await page.evaluate(() => Math.round((window as any).gridMap.map.getZoom()))).toBe(18);
  });

  it('opens the card of the area clicked on the map', async () => {
    await page.click('#card [data-close]');
    expect(await page.isHidden('#card')).toBe(true);
    await page.evaluate(() => (window as any).gridMap.jumpTo([120.0853, 29.3042], 15));
    await idle(page);
    const picked = await page.evaluate(() => (window as any).gridMap.areaAt({ x: (window as any).gridMap.map.getCanvas().clientWidth / 2, y: (window as any).gridMap.map.getCanvas().clientHeight / 2 }));
    expect(picked.level).toBe('unit');
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForSelector('#card h2');
    await page.waitForFunction((code) => document.querySelector('#card .muted')?.textContent?.includes(code), picked.code);
    expect(await page.textContent('#card h2')).toBe(picked.name);
    await idle(page);
    await page.screenshot({ path: path.join(artifactsDir, 'one_map_click_unit.png') });
  });

  it('draws events as a heatmap and points', async () => {
    // The events service is part of every build: a missing heat route fails here, it is never skipped.
    const probe = await api.get('/api/events/heat?zoom=12');
    expect(probe.status).toBe(200);
    // Report a few events so the layer has something to draw.
    for (let i = 0; i < 6; i++) {
      const res = await api.post('/api/events', { category: 'environment', severity: i % 2 ? 'high' : 'low', description: `测试事件 ${i}`, location: { lon: 120.085 + i * 0.001, lat: 29.304 + i * 0.0005 }, source: 'patrol' });
      expect(res.status).toBeLessThan(300);
    }
    await page.evaluate(() => (window as any).gridMap.jumpTo([120.0875, 29.3055], 15));
    await page.check('input[data-group="events"]');
    await page.waitForSelector('body[data-events]');
    expect(await page.getAttribute('body', 'data-events')).toBe('loaded');
    await page.evaluate(() => (window as any).gridMap.eventsDrawn);
    await idle(page);
    // deck.gl draws on its own canvas over the map: the points are there to pick.
    const picked = await page.evaluate(() => {
      const overlay = (window as any).gridMap.overlay;
      const { clientWidth: w, clientHeight: h } = (window as any).gridMap.map.getCanvas();
      return overlay.pickObjects({ x: 0, y: 0, width: w, height: h, layerIds: ['events-points'] }).length;
    });
    expect(picked).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(artifactsDir, 'one_map_events.png') });
    await page.uncheck('input[data-group="events"]');
    expect(errors).toEqual([]);
  });

  it('lists coverage problems and steps through them, zooming to each', async () => {
    const probe = await api.get('/api/coverage?root=330782101');
    expect(probe.status).toBe(200);
    const fc = await probe.json();
    await page.check('input[data-group="coverage"]');
    await page.waitForSelector('body[data-coverage]');
    expect(await page.getAttribute('body', 'data-coverage')).toBe('loaded');
    await page.waitForSelector('#coverage-list li');
    expect(await page.locator('#coverage-list li').count()).toBe(fc.features.length);
    await page.click('#coverage-list [data-step="1"]');
    await idle(page);
    expect(await page.evaluate(() => (window as any).gridMap.map.getZoom())).toBeGreaterThan(15);
    expect((await page.evaluate(() => (window as any).gridMap.map.queryRenderedFeatures({ layers: ['coverage-focus'] }).length))).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(artifactsDir, 'one_map_coverage.png') });
    await page.uncheck('input[data-group="coverage"]');
  });

  it('switches the whole interface to English and back', async () => {
    await page.click('#lang');
    expect(await page.textContent('#status')).toBe('青溪镇: 24 communities, 145 grids, 1610 units');
    expect(await page.textContent('#layers h3')).toBe('Layers');
    expect(await page.getAttribute('#search-input', 'placeholder')).toBe('Search a code, name or address');
    expect(await page.textContent('#card dl')).toContain('Households');
    await page.screenshot({ path: path.join(artifactsDir, 'one_map_en.png') });
    await page.click('#lang');
    expect(await page.textContent('#layers h3')).toBe('图层');
    expect(errors).toEqual([]);
  });

  it('follows a change to the published tree without a reload: a community renamed by an import shows its new name', async () => {
    // Each step has its own limit, so that a failure says which one did not happen.
    const within = <T>(ms: number, what: string, p: Promise<T>) =>
      Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms / 1000} s`)), ms))]);
    // A community the map shows now (earlier tests moved it).
    const [shown] = await rendered(page, 'communities-line', 'code');
    const [c] = await t.db.query<{ code: string; name: string; kind: string; parent: string; geometry: string }>(
      `select a.code, a.name, a.kind, p.code as parent, st_asgeojson(a.geom) as geometry
         from area a join area p on p.id = a.parent_id where a.code = $1::text`,
      [shown],
    );
    expect(await rendered(page, 'communities-line', 'name')).toContain(c.name);
    const reloads = Number((await page.getAttribute('body', 'data-area-reloads')) ?? 0);
    const renamed = `${c.name}（新）`;
    const feature = { type: 'Feature', geometry: JSON.parse(c.geometry), properties: { code: c.code, name: renamed, level: 'community', kind: c.kind, parent_code: c.parent } };
    const res = await within(60_000, 'the import', api.post('/api/areas/import?mode=upsert', { type: 'FeatureCollection', features: [feature] }));
    expect(res.status).toBeLessThan(300);

    // The server tells the page, which fetches its area tiles again: no navigation, the same page.
    await page.waitForFunction((n) => Number(document.body.dataset.areaReloads ?? 0) > n, reloads, { timeout: 60_000, polling: 100 });
    // A ceiling, not a speed check: on PGlite under a loaded CI the tiles queue behind the import's work.
    // Every tile of the community drawn anew: the new name wherever it is drawn, the old one nowhere.
    await page.waitForFunction(
      ([was, now]) => {
        const names = (window as any).gridMap.map.queryRenderedFeatures({ layers: ['communities-line'] }).map((f: any) => f.properties.name);
        return names.includes(now) && !names.includes(was);
      },
      [c.name, renamed],
      { timeout: 90_000, polling: 100 },
    );
    expect(errors).toEqual([]);
  }, 300_000); // the import re-assigns the community's households: seconds on PGlite under a loaded CI
});
