import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/test_server.ts';
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

  it('draws every community and grid from vector tiles with no console errors, in Chinese then English', async () => {
    const { page, errors } = await browser.newPage();
    // Nobody is signed in: the map sends the browser to the sign-in page, which shows a wrong
    // password's error and then comes back to the map.
    await page.goto(`${api.url}/?area=330782101001`);
    await page.waitForURL(/\/signin\.html\?next=/, { timeout: 30_000 });
    const admin = (await api.userWith('admin', null)).username;
    await page.fill('#username', admin);
    await page.fill('#password', 'not the password');
    await page.click('#submit');
    await page.waitForFunction(() => document.getElementById('error')!.textContent !== '');
    expect(await page.textContent('#error')).toMatch(/^登录失败/);
    await page.screenshot({ path: path.join(artifactsDir, 'signin_error.png') });
    await page.fill('#password', TEST_PASSWORD);
    await page.click('#submit');
    await page.waitForURL(`${api.url}/?area=330782101001`);
    await page.waitForSelector('#nav .nav-user');
    expect(await page.textContent('#nav .nav-user')).toContain(admin);
    // The sign-in page's 401s are expected, not errors of the map.
    errors.length = 0;
    // A ceiling, not a speed check: on a loaded CI machine the first view can take tens of seconds.
    await page.waitForSelector('body[data-ready="true"]', { timeout: 90_000 });
    expect(await page.textContent('#status')).toBe('青溪镇：24 个村社区，145 个网格，1610 个单元');
    // Read back what the map drew: the community and grid outlines rendered on screen.
    const drawn = await page.evaluate(() => {
      const map = (window as any).gridMap.map;
      const codes = (layer: string) => new Set(map.queryRenderedFeatures({ layers: [layer] }).map((f: any) => f.properties.code)).size;
      return { communities: codes('communities-line'), grids: codes('grids-line') };
    });
    expect(drawn).toEqual({ communities: 24, grids: 145 });
    await page.screenshot({ path: path.join(artifactsDir, 'first_view_zh.png') });

    await page.click('#lang');
    expect(await page.textContent('#status')).toBe('青溪镇: 24 communities, 145 grids, 1610 units');
    expect(await page.textContent('header strong')).toMatch(/^Gridwork/);
    await page.screenshot({ path: path.join(artifactsDir, 'first_view_en.png') });
    expect(errors).toEqual([]);
  }, 150_000);
});
