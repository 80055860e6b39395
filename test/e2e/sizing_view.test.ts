import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/test_server.ts';
import { mapIdle, pixelShare } from '../helpers/map_page.ts';
import { artifactsDir, browserMissing, launchBrowser, pageOpened, signIn, type TestBrowser } from '../helpers/browser.ts';

const opened = (page: Page) => pageOpened(page, 'the analyst view');

const idle = (page: Page) => mapIdle(page);

describe.skipIf(browserMissing())('the analyst view (规模核查) in headless Chromium', () => {
  let t: TestDb;
  let api: TestServer;
  let browser: TestBrowser;
  let page: Page;
  let errors: string[];
  let town: string;
  let report: any;
  beforeAll(async () => {
    t = await createTestDb('demo');
    api = await startTestServer(t.db);
    [{ code: town }] = await t.db.query<{ code: string }>(`select code from area where level = 'town' order by code limit 1`);
    report = await (await api.get(`/api/sizing?root=${town}&level=grid`)).json();
    const analyst = await api.userWith('analyst', town);
    browser = await launchBrowser();
    ({ page, errors } = await browser.newPage());
    await signIn(page, api.url, analyst.username, TEST_PASSWORD);
    await page.goto(`${api.url}/sizing.html?area=${town}`);
    await opened(page);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await t?.drop();
  });

  it('shows the sizing table worst first, sortable, with roll-ups and a CSV link', async () => {
    const codes = await page.locator('#cells tr[data-code]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.code));
    expect(codes).toHaveLength(report.cells.length);
    expect(codes).toEqual(report.cells.map((c: any) => c.code)); // the report's own order: worst first
    expect(await page.textContent('#summary')).toContain(`${report.summary.over} 个超出`);
    await page.click('#cells th[data-sort="households"]');
    const firstHouseholds = Number(await page.textContent('#cells tbody tr:first-child td:nth-child(3)'));
    expect(firstHouseholds).toBe(Math.max(...report.cells.map((c: any) => c.households)));
    expect(await page.locator('#rollups tr[data-code]').count()).toBe(report.rollups.length);
    const csv = await page.getAttribute('#csv', 'href');
    const res = await api.get(csv!);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    expect((await res.text()).split('\r\n').filter(Boolean)).toHaveLength(report.cells.length + 1);
    await page.click('#cells th[data-sort="worst"]');
    expect(errors).toEqual([]);
  });

  it('draws the histogram of households per grid with the band marked', async () => {
    expect(await page.locator('#histogram rect.bar').count()).toBe(report.histogram.bins.length);
    const band = page.locator('#histogram rect.band');
    expect(await band.count()).toBe(1);
    expect(await page.textContent('#histogram .band-label')).toBe('200–400');
    // Bars in the band are green, those outside red: as many outside as the breaching grids.
    const outside = await page.locator('#histogram rect.bar.out').evaluateAll((bars) => bars.reduce((s, b) => s + Number(b.querySelector('title')!.textContent!.split(': ')[1]), 0));
    expect(outside).toBe(report.summary.under + report.summary.over);
  });

  it('colours the map by deviation with a legend that counts every grid', async () => {
    await idle(page);
    const grids = await page.evaluate(() => new Set((window as any).gridMap.map.queryRenderedFeatures({ layers: ['grids-fill'] }).map((f: any) => f.properties.code)).size);
    expect(grids).toBe(report.cells.length);
    // The far-over red (#b2182b) and far-under blue (#2166ac) of the diverging scale are on screen.
    const red = await pixelShare(page, [193, 78, 93], 45); // #b2182b at 0.75 over the pale background
    const blue = await pixelShare(page, [84, 137, 190], 45); // #2166ac likewise
    console.log(`[sizing] map pixels: far-over red ${(red * 100).toFixed(2)}%, far-under blue ${(blue * 100).toFixed(2)}%`);
    expect(red).toBeGreaterThan(0.002);
    expect(blue).toBeGreaterThan(0.002);
    const legendTotal = await page.locator('#legend li b').evaluateAll((bs) => bs.reduce((s, b) => s + Number(b.textContent), 0));
    expect(legendTotal).toBe(report.cells.length);
    await page.screenshot({ path: path.join(artifactsDir, 'sizing-overview.png') });
  });

  it('lets an analyst ask for the proposal a grid allows, and says that drafting it takes a planner', async () => {
    const over = report.cells.find((c: any) => c.status === 'over' && c.kind === 'base');
    await page.click(`#cells tr[data-code="${over.code}"]`);
    await page.waitForSelector('#panel button[data-propose="split"]');
    expect(await page.locator('#panel button[data-propose="merge"]').count()).toBe(0);
    // Analysts hold sizing.propose but not plans.edit: they get the proposal, not the draft.
    await page.click('#panel button[data-propose="split"]');
    await page.waitForSelector('#proposal', { timeout: 60_000 });
    expect(await page.isDisabled('#proposal button[data-planner]')).toBe(true);
    expect(await page.textContent('#planner-note')).toContain('规划');
    await page.click('#proposal button[data-clear]');
    const under = report.cells.find((c: any) => c.status === 'under' && c.kind === 'base');
    await page.click(`#cells tr[data-code="${under.code}"]`);
    await page.waitForSelector('#panel button[data-propose="merge"]');
    expect(await page.textContent('#panel h2')).toBe(under.name);
    expect(errors).toEqual([]);
  });

  it('proposes a split of an over-full grid for a planner and previews it on the map', async () => {
    // A planner may also open the proposal as a draft.
    const planner = await api.userWith('planner', town);
    ({ page, errors } = await browser.newPage());
    await signIn(page, api.url, planner.username, TEST_PASSWORD);
    await page.goto(`${api.url}/sizing.html?area=${town}`);
    await opened(page);
    const over = report.cells.find((c: any) => c.status === 'over' && c.kind === 'base');
    await page.click(`#cells tr[data-code="${over.code}"]`);
    await page.click('#panel button[data-propose="split"]');
    await page.waitForSelector('#proposal', { timeout: 60_000 });
    const id = await page.getAttribute('#proposal', 'data-id');
    const stored = await (await api.get(`/api/sizing/proposals/${id}`)).json();
    expect(stored).toMatchObject({ kind: 'split' });
    expect(await page.locator('#proposal .proposal-grids tbody tr').count()).toBe(stored.grids.length);
    // The first preview loads deck.gl (about 800 KB of script): allow a loaded machine its time.
    await page.waitForFunction(() => document.body.dataset.proposal, null, { timeout: 90_000 });
    await idle(page);
    const drawn = await page.evaluate(() => {
      const g = (window as any).gridMap;
      const { clientWidth: width, clientHeight: height } = g.map.getCanvas();
      return [...new Set(g.overlay.pickObjects({ x: 0, y: 0, width, height, layerIds: ['proposal-grids'] }).map((o: any) => o.object.properties.code))].sort();
    });
    expect(drawn).toEqual(stored.grids.filter((g: any) => g.geometry).map((g: any) => g.code).sort());
    await page.screenshot({ path: path.join(artifactsDir, 'sizing-split-proposal.png') });
    expect(errors).toEqual([]);
  });

  it('opens the proposal in the planner as a draft', async () => {
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/plans') && r.request().method() === 'POST');
    await page.click('#proposal button[data-planner]');
    expect((await answer).status()).toBe(201);
    // The page goes on to the planner with the new plan, which the API then knows.
    await page.waitForURL(/\/planner\.html\?plan=/);
    const plan = new URL(page.url()).searchParams.get('plan')!;
    expect((await api.get(`/api/plans/${encodeURIComponent(plan)}`)).status).toBe(200);
  });
});
