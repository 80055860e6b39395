import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/test_server.ts';
import { artifactsDir, browserMissing, launchBrowser, signIn, type TestBrowser } from '../helpers/browser.ts';

/**
 * Every page under the Content-Security-Policy the server sends (#14): each one draws its first
 * view (the map with MapLibre's blob: workers and deck.gl's layers, the lists, the forms) and the
 * browser reports no violation of the policy and no console error.
 */
describe.skipIf(browserMissing())('every page works under the Content-Security-Policy', () => {
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

  const pages = [
    { file: 'signin.html', drawn: '#submit', signedIn: false },
    { file: 'index.html', drawn: 'body[data-ready="true"]', signedIn: true },
    { file: 'events.html', drawn: 'body[data-drawn="true"]', signedIn: true },
    { file: 'sizing.html', drawn: 'body[data-ready="true"]', signedIn: true },
    { file: 'planner.html', drawn: 'body[data-ready="list"]', signedIn: true },
    { file: 'admin.html', drawn: 'body[data-ready="true"]', signedIn: true },
  ];
  for (const p of pages) {
    it(`${p.file}`, async () => {
      const { page, errors } = await browser.newPage();
      // Violations are events of the document (and of workers, which report to their page's console).
      await page.addInitScript(() => {
        (window as any).cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => (window as any).cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      if (p.signedIn) await signIn(page, api.url, (await api.userWith('admin', null)).username, TEST_PASSWORD);
      const res = await page.goto(`${api.url}/${p.file}?area=330782101`);
      expect(res!.headers()['content-security-policy']).toContain("worker-src 'self' blob:");
      await page.waitForSelector(`${p.drawn}, body[data-ready="error"]`, { timeout: 90_000 });
      expect(await page.getAttribute('body', 'data-ready')).not.toBe('error');
      await page.screenshot({ path: path.join(artifactsDir, `csp_${p.file.replace('.html', '')}.png`) });
      expect(await page.evaluate(() => (window as any).cspViolations)).toEqual([]);
      expect(errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }, 150_000);
  }
});
