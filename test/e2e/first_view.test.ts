import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';
import { artifactsDir, browserMissing, launchBrowser, type TestBrowser } from '../helpers/browser.ts';

describe.skipIf(browserMissing())('the first view of the demo town in headless Chromium', () => {
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

  it('draws every community, grid and unit with no console errors, in Chinese then English', async () => {
    const { page, errors } = await browser.newPage();
    await page.goto(api.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    expect(await page.textContent('#status')).toBe('青溪镇：24 个村社区，145 个网格，1610 个单元');
    // Read back what the map drew: the community outlines rendered on screen.
    const drawn = await page.evaluate(() => {
      const map = (window as any).gridMap.map;
      const codes = new Set(map.queryRenderedFeatures({ layers: ['areas-community-line'] }).map((f: any) => f.properties.code));
      return codes.size;
    });
    expect(drawn).toBe(24);
    await page.screenshot({ path: path.join(artifactsDir, 'first_view_zh.png') });

    await page.click('#lang');
    expect(await page.textContent('#status')).toBe('青溪镇: 24 communities, 145 grids, 1610 units');
    expect(await page.textContent('header strong')).toMatch(/^Gridwork/);
    await page.screenshot({ path: path.join(artifactsDir, 'first_view_en.png') });
    expect(errors).toEqual([]);
  });
});
