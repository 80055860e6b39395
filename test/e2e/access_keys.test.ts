import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/test_server.ts';
import { artifactsDir, browserMissing, launchBrowser, pageOpened, signIn, type TestBrowser } from '../helpers/browser.ts';
import { createSquareTown } from '../fixtures/create_square_town.ts';
import { importAreas } from '../../server/services/import_areas.ts';

/** Whether anything on the page is wider than the window (spills sideways on a phone). */
const spillsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);

describe.skipIf(browserMissing())('the access keys tab (访问密钥) in headless Chromium', () => {
  let t: TestDb;
  let api: TestServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    t = await createTestDb('empty');
    await importAreas(t.db, createSquareTown());
    api = await startTestServer(t.db);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await t?.drop();
  });

  it('a grid worker makes a read-only key, sees it once, sees it used, and revokes it (zh-CN, then English)', async () => {
    const worker = await api.userWith('grid_worker', 'T0101');
    const { page, errors } = await browser.newPage();
    await page.setViewportSize({ width: 1600, height: 1000 });
    await signIn(page, api.url, worker.username, TEST_PASSWORD);
    // The administration page itself is refused; it links to the user's own keys.
    await page.goto(`${api.url}/admin.html`);
    expect(await pageOpened(page, 'the administration page')).toBe('forbidden');
    await Promise.all([page.waitForEvent('load'), page.click('#own-keys')]);
    expect(await pageOpened(page, 'the access keys tab')).toBe('true');
    // Only the keys tab: users and the audit log are for administrators.
    expect(await page.locator('#tabs button:visible').allTextContents()).toEqual(['访问密钥']);
    // The permissions offered are the worker's own, the read ones ticked.
    const offered = await page.locator('#keys input[name=perm]').evaluateAll((els) => els.map((e) => [(e as HTMLInputElement).value, (e as HTMLInputElement).checked]));
    expect(offered).toEqual([
      ['households.read', true], ['households.personal', true], ['households.write', false], ['areas.read', true], ['events.read', true], ['events.report', false], ['events.handle', false],
    ].sort((a, b) => order(a[0] as string) - order(b[0] as string)));
    await page.fill('#keys input[name=name]', '办公室 QGIS');
    await page.click('#keys button[type=submit]');
    const key = (await page.locator('#keys .fresh-key code').textContent({ timeout: 10_000 }))!;
    expect(key).toMatch(/^gwk_/);
    await page.waitForSelector('#keys tr[data-key]');
    expect(await page.textContent('#keys tr[data-key] td.used')).toBe('从未使用');
    await page.screenshot({ path: path.join(artifactsDir, 'access-keys-worker-zh-1600x1000.png'), fullPage: true });

    // The key is used by a client; the list shows when.
    expect((await fetch(`${api.url}/ogc/collections?key=${key}`)).status).toBe(200);
    await page.reload();
    await pageOpened(page, 'the access keys tab');
    await page.waitForSelector('#keys tr[data-key]');
    expect(await page.textContent('#keys tr[data-key] td.used')).toMatch(/^\d{4}-\d\d-\d\d /);

    await page.click('#lang');
    expect(await page.locator('#tabs button:visible').allTextContents()).toEqual(['Access keys']);
    expect(await page.textContent('#keys .key-form h3')).toBe('New key');
    await page.screenshot({ path: path.join(artifactsDir, 'access-keys-worker-en-1600x1000.png'), fullPage: true });
    await page.click('#lang');

    await page.click('#keys [data-act=revoke]');
    await page.click('#keys [data-act=revoke-yes]');
    await page.waitForSelector('#keys tr.revoked');
    expect(await page.textContent('#keys tr.revoked .badge')).toBe('已撤销');
    expect((await fetch(`${api.url}/ogc/collections?key=${key}`)).status).toBe(401);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an administrator sees everyone\'s keys; on a phone nothing spills sideways', async () => {
    const viewer = await api.userWith('viewer', 'T');
    await api.post('/api/keys', { name: 'viewer script' }, { authorization: viewer.authorization });
    const { page, errors } = await browser.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    const admin = await api.userWith('admin', null);
    await signIn(page, api.url, admin.username, TEST_PASSWORD);
    await page.goto(`${api.url}/admin.html#keys`);
    expect(await pageOpened(page, 'the administration page')).toBe('true');
    await page.waitForSelector('#keys .key-form');
    expect(await page.locator('#keys tr[data-key]').count()).toBe(0);
    await page.check('#keys-all');
    await page.waitForSelector('#keys tr[data-key]');
    expect(await page.locator('#keys tr[data-key] td.code').first().textContent()).toBe(viewer.username);
    expect(await spillsSideways(page)).toBe(false);
    await page.screenshot({ path: path.join(artifactsDir, 'access-keys-admin-zh-390x844.png'), fullPage: true });
    await page.click('#lang');
    await page.waitForSelector('#keys tr[data-key]');
    expect(await spillsSideways(page)).toBe(false);
    await page.screenshot({ path: path.join(artifactsDir, 'access-keys-admin-en-390x844.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});

const ORDER = ['areas.read', 'areas.write', 'plans.edit', 'sizing.propose', 'plans.publish', 'households.read', 'households.personal', 'households.write', 'events.read', 'events.report', 'events.handle', 'staff.write', 'users.manage', 'audit.read'];
const order = (p: string) => ORDER.indexOf(p);
