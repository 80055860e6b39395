import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/test_server.ts';
import { artifactsDir, browserMissing, launchBrowser, pageOpened, signIn, type TestBrowser } from '../helpers/browser.ts';
import { mapIdle } from '../helpers/map_page.ts';

/** A demo area code: the town's nine digits and more (a community's 12, a grid's 14, a unit's 17). */
const CODE = /\d{12,}/;

/**
 * The label matrix: at the default view of each page, as an administrator (who sees every
 * layer), no map label that MapLibre placed on screen and no visible list or table cell shows an
 * area code: names, not codes (the card, hovers and exports keep them).
 */
describe.skipIf(browserMissing())('names, not codes, at the default view of each page', () => {
  let t: TestDb;
  let api: TestServer;
  let browser: TestBrowser;
  beforeAll(async () => {
    t = await createTestDb('demo');
    api = await startTestServer(t.db);
    browser = await launchBrowser();
    // A few events, so the command centre's list has rows with a grid.
    for (const [i, [lon, lat]] of [[120.0853, 29.3042], [120.09, 29.31], [120.07, 29.3]].entries()) {
      const res = await api.post('/api/events', { id: `label-matrix-${i}`, category: 'safety_hazard', severity: 'medium', description: '测试', source: 'patrol', location: { lon, lat } });
      expect(res.status).toBe(201);
    }
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await t?.drop();
  });

  for (const { name, url, mapVar } of [
    { name: 'one-map', url: '/', mapVar: 'gridMap' },
    { name: 'command-centre', url: '/events.html', mapVar: 'gridMap' },
    { name: 'sizing', url: '/sizing.html', mapVar: 'gridMap' },
  ]) {
    it(`${name}: no area code in a placed map label or a visible list cell`, async () => {
      const { page, errors } = await browser.newPage();
      await page.setViewportSize({ width: 1600, height: 1000 });
      await signIn(page, api.url, (await api.userWith('admin', null)).username, TEST_PASSWORD);
      await page.goto(api.url + url);
      await pageOpened(page, name);
      await mapIdle(page, mapVar);
      const labels = await page.evaluate((v) => {
        const map = (window as any)[v].map;
        const symbolLayers = map.getStyle().layers.filter((l: any) => l.type === 'symbol').map((l: any) => l.id);
        return map.queryRenderedFeatures({ layers: symbolLayers }).map((f: any) => {
          const text = f.layer.layout?.['text-field'];
          return { layer: f.layer.id as string, text: typeof text === 'object' && text?.sections ? text.sections.map((s: any) => s.text).join('') : String(text ?? '') };
        }) as { layer: string; text: string }[];
      }, mapVar);
      // The default view draws labels at all: the check below has something to look at.
      expect(labels.filter((l) => l.text.length > 0).length).toBeGreaterThan(5);
      expect(labels.filter((l) => CODE.test(l.text))).toEqual([]);
      const cells = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('td, li, th, #status')]
          .filter((el) => el.offsetParent !== null && el.getClientRects().length > 0)
          .map((el) => el.innerText.trim())
          .filter(Boolean),
      );
      expect(cells.filter((c) => CODE.test(c))).toEqual([]);
      await page.screenshot({ path: path.join(artifactsDir, `label_matrix_${name}.png`) });
      expect(errors).toEqual([]);
    }, 120_000);
  }
});
