import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/domain/access/permissions.ts';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/test_server.ts';
import { browserMissing, launchBrowser, signIn, type TestBrowser } from '../helpers/browser.ts';

/**
 * Every page in the nav, opened by every role as the demo gives them (administrator everywhere,
 * the others at the town, the grid worker at a grid), without and with `?area=` (the role's own
 * area): each draws its first view (body[data-ready], never "error"), says nothing of an error
 * in its status line, and logs no console error. One browser; one context per role, reused.
 */
const FIRST_VIEW: Record<string, string> = {
  '/': 'body[data-ready]',
  '/events.html': 'body[data-ready]',
  '/sizing.html': 'body[data-ready]',
  '/planner.html': 'body[data-ready]',
  '/admin.html': 'body[data-ready]',
  '/m/': 'body[data-ready]',
};

describe.skipIf(browserMissing())('every page by every demo role, with and without ?area=', () => {
  let t: TestDb;
  let api: TestServer;
  let browser: TestBrowser;
  let town: string;
  let grid: string;

  beforeAll(async () => {
    t = await createTestDb('demo');
    api = await startTestServer(t.db);
    [{ code: town }] = await t.db.query<{ code: string }>(`select code from area where depth = 0 order by code limit 1`);
    [{ code: grid }] = await t.db.query<{ code: string }>(`select code from area where level = 'grid' and kind = 'base' order by code limit 1`);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await t?.drop();
  });

  const roles: { role: Role; at: () => string | null }[] = [
    { role: 'admin', at: () => null },
    { role: 'planner', at: () => town },
    { role: 'dispatcher', at: () => town },
    { role: 'grid_worker', at: () => grid },
    { role: 'analyst', at: () => town },
    { role: 'viewer', at: () => town },
  ];

  for (const { role, at } of roles) {
    it(`${role}: every page in its nav opens without an error`, async () => {
      const user = await api.userWith(role, at());
      const context: BrowserContext = await browser.browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN', geolocation: { longitude: 120.08, latitude: 29.3 }, permissions: ['geolocation'] });
      try {
        const page = await context.newPage();
        await signIn(page, api.url, user.username, TEST_PASSWORD);
        const problems: string[] = [];
        let where = '';
        page.on('console', (msg) => msg.type() === 'error' && problems.push(`${where}: console: ${msg.text()}`));
        page.on('pageerror', (e) => problems.push(`${where}: page error: ${e.message}`));
        await page.goto(`${api.url}/`);
        await page.waitForSelector('#nav .nav-user', { state: 'attached', timeout: 60_000 });
        const pages = await page.$$eval('#nav a', (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
        expect(pages.length, 'the nav offers pages').toBeGreaterThan(0);
        const area = at() ?? town;
        for (const p of pages) {
          for (const url of [p, `${p}?area=${area}`]) {
            where = `${role} ${url}`;
            await page.goto(api.url + url);
            await page.waitForSelector(FIRST_VIEW[p] ?? 'body[data-ready]', { timeout: 90_000 });
            const ready = await page.getAttribute('body', 'data-ready');
            if (ready === 'error') problems.push(`${where}: data-ready="error": ${await page.textContent('#status').catch(() => '')}`);
            const status = (await page.textContent('#status').catch(() => null)) ?? '';
            if (/Invalid|出错|失败|Error|error/.test(status)) problems.push(`${where}: status says "${status}"`);
          }
        }
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    }, 600_000);
  }
});
