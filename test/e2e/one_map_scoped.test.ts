import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/test_server.ts';
import { mapIdle, renderedValues } from '../helpers/map_page.ts';
import { artifactsDir, browserMissing, launchBrowser, signIn, type TestBrowser } from '../helpers/browser.ts';

/** The codes of the features a layer draws on screen once the map is idle. */
async function drawnCodes(page: Page, layer: string): Promise<string[]> {
  await mapIdle(page);
  return (await renderedValues(page, layer)).sort();
}

describe.skipIf(browserMissing())('the one-map as a community\'s grid worker (scoped) in headless Chromium', () => {
  let t: TestDb;
  let api: TestServer;
  let browser: TestBrowser;
  let page: Page;
  let errors: string[];
  let community: { code: string; name: string; w: number; s: number; e: number; n: number };
  beforeAll(async () => {
    t = await createTestDb('demo');
    api = await startTestServer(t.db);
    // A community in the middle of the list, so that the town's own first view would not happen to show it alone.
    [community] = await t.db.query<typeof community>(
      `select code, name, st_xmin(geom) as w, st_ymin(geom) as s, st_xmax(geom) as e, st_ymax(geom) as n
         from area where level = 'community' order by code offset 11 limit 1`,
    );
    browser = await launchBrowser();
    ({ page, errors } = await browser.newPage());
    await signIn(page, api.url, (await api.userWith('grid_worker', community.code)).username, TEST_PASSWORD);
    await page.goto(api.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 90_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await t?.drop();
  });

  it('opens on their own community, draws only its grids, and names it in the status line', async () => {
    const view = await page.evaluate(() => {
      const b = (window as any).gridMap.map.getBounds();
      const c = (window as any).gridMap.map.getCenter();
      return { w: b.getWest(), s: b.getSouth(), e: b.getEast(), n: b.getNorth(), lon: c.lng, lat: c.lat };
    });
    // The view is fitted to the community: its centre inside the community's box, the box in view.
    expect(view.lon).toBeGreaterThan(community.w);
    expect(view.lon).toBeLessThan(community.e);
    expect(view.lat).toBeGreaterThan(community.s);
    expect(view.lat).toBeLessThan(community.n);
    expect(view.w).toBeLessThanOrEqual(community.w);
    expect(view.e).toBeGreaterThanOrEqual(community.e);

    const grids = await drawnCodes(page, 'grids-fill');
    const [{ n }] = await t.db.query<{ n: number }>(`select count(*)::int as n from area where level = 'grid' and path like '%' || $1::text || '/%'`, [community.code]);
    expect(grids).toHaveLength(n);
    expect(grids.every((code) => code.startsWith(community.code))).toBe(true);
    expect(await drawnCodes(page, 'communities-line')).toEqual([community.code]);
    expect(await page.textContent('#status')).toContain(community.name);
    await page.screenshot({ path: path.join(artifactsDir, 'one_map_scoped.png') });
    expect(errors).toEqual([]);
  });
});
