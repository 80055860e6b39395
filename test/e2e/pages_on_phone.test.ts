import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toScreen } from '../helpers/map_page.ts';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/test_server.ts';
import { artifactsDir, browserMissing, launchBrowser, pageOpened, signIn, type TestBrowser } from '../helpers/browser.ts';

/**
 * The desk pages on a 390×844 phone for a grid worker, opened from the nav without `?area=`:
 * each opens on the user's own grid (not an error on the town they cannot see), the nav holds
 * only the pages their role can use and folds into a menu, the map keeps the whole width, and
 * nothing runs off sideways.
 */
describe.skipIf(browserMissing())('every page on a phone, as a grid worker, without ?area=', () => {
  let t: TestDb;
  let api: TestServer;
  let browser: TestBrowser;
  let phone: BrowserContext;
  let grid: { code: string; name: string };

  beforeAll(async () => {
    t = await createTestDb('demo');
    api = await startTestServer(t.db);
    [grid] = await t.db.query(`select code, name from area where level = 'grid' and kind = 'base' order by code limit 1`);
    const worker = await api.userWith('grid_worker', grid.code);
    browser = await launchBrowser();
    phone = await browser.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const page = await phone.newPage();
    await signIn(page, api.url, worker.username, TEST_PASSWORD);
    await page.close();
  });
  afterAll(async () => {
    await phone?.close();
    await browser?.close();
    await api?.close();
    await t?.drop();
  });

  for (const { name, url, shows } of [
    { name: 'one-map', url: '/', shows: '#status' },
    { name: 'command-centre', url: '/events.html', shows: '#status' },
    { name: 'sizing', url: '/sizing.html', shows: '#status' },
  ]) {
    it(`${name} opens on the grid, with a folded nav of the worker's pages`, async () => {
      const page = await phone.newPage();
      const errors: string[] = [];
      page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(api.url + url);
      await pageOpened(page, name);
      await page.waitForSelector('#nav .nav-user', { state: 'attached' });
      expect(await page.textContent(shows)).not.toMatch(/Invalid LngLat|400|加载失败/);
      // Only the pages a grid worker can use: no planner, no administration.
      const links = await page.$$eval('#nav a', (as) => as.map((a) => a.getAttribute('href')));
      expect(links).toEqual(['/', '/events.html', '/sizing.html', '/m/']);
      // Folded: the links are hidden until the menu button opens them.
      expect(await page.isVisible('#nav')).toBe(false);
      await page.tap('.nav-toggle');
      expect(await page.isVisible('#nav a[href="/m/"]')).toBe(true);
      await page.screenshot({ path: path.join(artifactsDir, `phone-${name}-menu-390x844.png`) });
      await page.tap('.nav-toggle');
      const layout = await page.evaluate(() => ({
        map: document.getElementById('map')!.getBoundingClientRect().width,
        overflow: document.documentElement.scrollWidth - innerWidth,
      }));
      expect(layout.map).toBe(390);
      expect(layout.overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(artifactsDir, `phone-${name}-390x844.png`) });
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});

describe.skipIf(browserMissing())('the report form on the desk (command centre, 1600×1000)', () => {
  let t: TestDb;
  let api: TestServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    t = await createTestDb('demo');
    api = await startTestServer(t.db);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await t?.drop();
  });

  it('reports an event from a button and a click on the map', { timeout: 240_000 }, async () => {
    const [grid] = await t.db.query<{ code: string; name: string; lon: number; lat: number }>(
      `select g.code, g.name, st_x(c.center) as lon, st_y(c.center) as lat from area g, st_maximuminscribedcircle(g.geom) as c
        where g.level = 'grid' and g.kind = 'base' order by g.code limit 1`,
    );
    const dispatcher = await api.userWith('dispatcher', null);
    const desk = await browser.browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'zh-CN' });
    const page = await desk.newPage();
    const errors: string[] = [];
    page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
    await signIn(page, api.url, dispatcher.username, TEST_PASSWORD);
    await page.goto(`${api.url}/events.html`);
    await pageOpened(page, 'the command centre', 'body[data-drawn="true"]');
    await page.click('#report-button');
    await page.evaluate(([lon, lat]) => (window as any).gridMap.map.jumpTo({ center: [lon, lat], zoom: 16 }), [grid.lon, grid.lat]);
    const at = await toScreen(page, [grid.lon, grid.lat]);
    await page.mouse.click(at.x, at.y);
    await page.waitForSelector(`.desk-report .note:has-text("位于${grid.name}")`);
    await page.click('.desk-report button[data-code="safety_hazard"]');
    await page.fill('#report-description', '12345 来电：燃气味道');
    await page.screenshot({ path: path.join(artifactsDir, 'desk-report-command-centre-1600x1000.png') });
    await page.click('#report-send');
    // The form keeps the report in its outbox and sends it: written once, in the grid clicked.
    // (On a starved machine the first send may fail and be retried by the outbox: the toast then
    // says it was kept for sending, and the row comes a little later.)
    await page.waitForSelector('.desk-toast:not([hidden])', { timeout: 90_000 });
    expect(await page.textContent('.desk-toast')).toMatch(/已上报|已保存，(正在发送|联网后自动发送)/);
    const deadline = Date.now() + 120_000;
    let rows: { category: string; grid: string }[] = [];
    while (rows.length === 0) {
      if (Date.now() > deadline) throw new Error(`the report never arrived; the form says: ${await page.textContent('.desk-report')}; console: ${errors.join(' | ')}`);
      rows = await t.db.query<{ category: string; grid: string }>(
        `select e.category, g.code as grid from event e join area g on g.id = e.grid_id where e.description = '12345 来电：燃气味道'`,
      );
      if (rows.length === 0) await new Promise((r) => setTimeout(r, 250));
    }
    expect(rows).toEqual([{ category: 'safety_hazard', grid: grid.code }]);
    expect(errors).toEqual([]);
    await desk.close();
  });
});
