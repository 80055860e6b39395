import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/test_server.ts';
import { artifactsDir, browserMissing, launchBrowser, pageOpened, signIn, type TestBrowser } from '../helpers/browser.ts';

/** Waits, with a deadline, until the one-map's events layer draws event `id` (deck.gl picks it) in `status`. */
async function drawnWithStatus(page: import('playwright-core').Page, id: string, status: string): Promise<void> {
  await page.waitForFunction(
    ([wanted, st]) => {
      const gm = (window as any).gridMap;
      const overlay = gm.overlay;
      if (!overlay) return false;
      const { clientWidth: w, clientHeight: h } = gm.map.getCanvas();
      const picked = overlay.pickObjects({ x: 0, y: 0, width: w, height: h, layerIds: ['events-points'] }) as { object: { id: string; status: string } }[];
      return picked.some((p) => p.object.id === wanted && p.object.status === st);
    },
    [id, status] as const,
    { timeout: 30_000, polling: 100 },
  );
}

/**
 * The one-map's events layer is live: an event reported in another browser context (a dispatcher
 * taking a call) appears on the one-map already open, without a reload, and its point follows the
 * event's status, coloured as the command centre colours it.
 */
describe.skipIf(browserMissing())('the one-map events layer follows the event stream', () => {
  let t: TestDb;
  let api: TestServer;
  let browser: TestBrowser;
  beforeAll(async () => {
    t = await createTestDb('demo');
    api = await startTestServer(t.db);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await t?.drop();
  });

  it('an event reported in one context appears on the one-map open in another, then changes colour with its status', async () => {
    const { page, errors } = await browser.newPage();
    await page.setViewportSize({ width: 1600, height: 1000 });
    await signIn(page, api.url, (await api.userWith('admin', null)).username, TEST_PASSWORD);
    await page.goto(api.url + '/');
    await pageOpened(page, 'one-map');
    await page.evaluate(() => (window as any).gridMap.jumpTo([120.0853, 29.3042], 14));
    await page.check('input[data-group="events"]');
    await page.waitForSelector('body[data-events="loaded"]');

    // Another context: a dispatcher's browser, signed in on its own.
    const other = await browser.browser.newContext();
    const dispatcher = await api.userWith('dispatcher', '330782101');
    const otherPage = await other.newPage();
    await signIn(otherPage, api.url, dispatcher.username, TEST_PASSWORD);
    const reported = await otherPage.request.post(`${api.url}/api/events`, {
      headers: { origin: api.url },
      data: { id: 'live-one-map-1', category: 'safety_hazard', severity: 'high', description: '一张图实时测试', location: { lon: 120.0853, lat: 29.3042 }, source: 'hotline_12345' },
    });
    expect(reported.status()).toBe(201);
    await drawnWithStatus(page, 'live-one-map-1', 'reported');
    const accepted = await otherPage.request.post(`${api.url}/api/events/live-one-map-1/transitions`, { headers: { origin: api.url }, data: { action: 'accept', by: dispatcher.username } });
    expect(accepted.status()).toBe(200);
    await drawnWithStatus(page, 'live-one-map-1', 'accepted');
    // The legend names the statuses by the command centre's colours.
    expect(await page.textContent('#layers')).toContain('受理');
    await page.screenshot({ path: path.join(artifactsDir, 'one_map_live_event.png') });
    await other.close();
    expect(errors).toEqual([]);
  }, 150_000);
});
