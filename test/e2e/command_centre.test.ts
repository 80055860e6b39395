import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/test_server.ts';
import { artifactsDir, browserMissing, launchBrowser, pageOpened, signIn, type TestBrowser } from '../helpers/browser.ts';

const opened = (page: Page) => pageOpened(page, 'the command centre', 'body[data-drawn="true"]');

/** Objects of a deck.gl layer drawn on the command centre's map (picked over the whole canvas). */
async function picked(page: Page, layer: string): Promise<string[]> {
  return page.evaluate((id) => {
    const g = (window as any).gridMap;
    const { clientWidth: width, clientHeight: height } = g.map.getCanvas();
    return g.overlay.pickObjects({ x: 0, y: 0, width, height, layerIds: [id] }).map((o: any) => o.object.id);
  }, layer);
}

/** How many items a deck.gl layer holds now (-1: no such layer). */
async function layerData(page: Page, layer: string): Promise<number> {
  return page.evaluate((id) => (window as any).gridMap.overlay._deck.layerManager.getLayers().find((l: any) => l.id === id)?.props.data.length ?? -1, layer);
}

/** The ids of the events a deck.gl layer holds now (for layers that are not pickable). */
async function layerIds(page: Page, layer: string): Promise<string[]> {
  return page.evaluate((id) => ((window as any).gridMap.overlay._deck.layerManager.getLayers().find((l: any) => l.id === id)?.props.data ?? []).map((e: any) => e.id), layer);
}

/**
 * Share of the map's on-screen pixels in the heatmap's warm range, read back from a screenshot
 * (deck.gl draws on a canvas of its own over MapLibre's, so the composite is what counts).
 */
async function warmShare(page: Page): Promise<number> {
  const box = (await page.locator('#map').boundingBox())!;
  const png = (await page.screenshot({ clip: box })).toString('base64');
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    [c.width, c.height] = [img.width, img.height];
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let hits = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] > 235 && d[i + 1] > 150 && d[i + 2] < 150) hits++;
    return hits / (d.length / 4);
  }, png);
}

describe.skipIf(browserMissing())('the command centre (指挥中心) in headless Chromium', () => {
  let t: TestDb;
  let api: TestServer;
  let browser: TestBrowser;
  let page: Page;
  let errors: string[];
  let town: string;
  let dispatcher: string;
  let spots: { lon: number; lat: number; grid: string; grid_name: string }[];
  const seeded: string[] = [];
  beforeAll(async () => {
    t = await createTestDb('demo');
    api = await startTestServer(t.db);
    [{ code: town }] = await t.db.query<{ code: string }>(`select code from area where level = 'town' order by code limit 1`);
    spots = await t.db.query(
      `select st_x(p) as lon, st_y(p) as lat, g.code as grid, g.name as grid_name from area g, st_pointonsurface(g.geom) as p
        where g.level = 'grid' and g.kind = 'base' order by g.code limit 40`,
    );
    // Forty events over the last five days, a quarter taken in hand: enough for points and heat.
    const categories = ['environment', 'dispute', 'safety_hazard', 'public_facility'];
    for (const [i, s] of spots.entries()) {
      const res = await api.post('/api/events', {
        id: `cc-seed-${i}`, category: categories[i % 4], severity: i % 3 ? 'medium' : 'high', description: `指挥中心测试 ${i}`,
        location: { lon: s.lon, lat: s.lat }, source: 'patrol', reported_at: new Date(Date.now() - (i * 3 + 1) * 3_600_000).toISOString(),
      });
      expect(res.status).toBe(201);
      seeded.push(`cc-seed-${i}`);
      if (i % 4 === 0) expect((await api.post(`/api/events/cc-seed-${i}/transitions`, { action: 'accept', by: 'seed' })).status).toBe(200);
    }
    const user = await api.userWith('dispatcher', town);
    dispatcher = user.username;
    browser = await launchBrowser();
    ({ page, errors } = await browser.newPage());
    await signIn(page, api.url, dispatcher, TEST_PASSWORD);
    await page.goto(`${api.url}/events.html?area=${town}`);
    await opened(page);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await t?.drop();
  });

  it('draws the open events as points, lists them with their clocks, and shows no console errors', async () => {
    expect(await page.locator('tr[data-id]').count()).toBe(40);
    const drawn = await picked(page, 'events-points');
    expect(new Set(drawn)).toEqual(new Set(seeded));
    // Sorted by deadline: the first row is the most urgent, and every row has a clock.
    const clocks = await page.locator('tr[data-id] td.clock').allTextContents();
    expect(clocks.every((c) => /剩|超期|—/.test(c))).toBe(true);
    expect(await page.textContent('#dashboard [data-figure="total"] b')).toBe('40');
    expect(await page.getAttribute('#stats-csv', 'href')).toMatch(/\/api\/events\/stats\?.*format=csv/);
    await page.screenshot({ path: path.join(artifactsDir, 'command-centre-overview.png') });
    expect(errors).toEqual([]);
  });

  it('draws a heatmap of the window: points for a week, server bins for a year', async () => {
    expect(await page.getAttribute('body', 'data-heat')).toBe('points');
    expect(await layerData(page, 'events-heat')).toBe(40);
    const withHeat = await warmShare(page);
    await page.uncheck('input[name="heat"]');
    // Wait for the pixels: the warm share falls once the map has drawn without the heatmap (or the deadline fails it).
    let without = withHeat;
    await expect.poll(async () => (without = await warmShare(page)), { timeout: 10_000, interval: 100 }).toBeLessThan(withHeat - 0.005);
    console.log(`[command centre] warm heat pixels: ${(withHeat * 100).toFixed(2)}% with the heatmap, ${(without * 100).toFixed(2)}% without`);
    await page.check('input[name="heat"]');
    await page.selectOption('select[name="window"]', '1y');
    await page.waitForSelector('body[data-heat="bins"]');
    expect(await layerData(page, 'events-heat')).toBeGreaterThan(0);
    expect(await page.textContent('#heat-note')).toMatch(/40/);
    // The year's bins are drawn: warm pixels again (fewer than the week's points make).
    await expect.poll(() => warmShare(page), { timeout: 10_000, interval: 100 }).toBeGreaterThan(without + 0.001);
    await page.screenshot({ path: path.join(artifactsDir, 'command-centre-heat-year.png') });
  });

  it('shows an event reported through the API within moments, with a pulse', async () => {
    const s = spots[7];
    const started = Date.now();
    const res = await api.post('/api/events', { id: 'cc-live-1', category: 'public_order', severity: 'high', description: '实时到达测试', location: { lon: s.lon + 0.0001, lat: s.lat }, source: 'hotline_12345' });
    expect(res.status).toBe(201);
    await page.waitForFunction(() => document.querySelector('tr[data-id="cc-live-1"]') && (window as any).commandCentre.events.has('cc-live-1'), null, { polling: 'raf', timeout: 10_000 });
    const ms = Date.now() - started;
    console.log(`[command centre] a new event appeared on the page ${ms} ms after the POST was sent`);
    // It pulses for a moment (a ring growing and fading), and is a point like the others.
    // The notice names the grid, not its code (新事件：社会治安 · 西城社区第5网格).
    expect(await page.textContent('#status')).toContain(` · ${s.grid_name}`);
    expect(await page.textContent('#status')).not.toContain(s.grid);
    expect(await layerIds(page, 'events-pulse')).toContain('cc-live-1');
    await page.waitForFunction(() => (window as any).gridMap.overlay._deck.layerManager.getLayers().find((l: any) => l.id === 'events-pulse').props.data.length === 0, null, { timeout: 10_000 });
    expect(await picked(page, 'events-points')).toContain('cc-live-1');
    await page.screenshot({ path: path.join(artifactsDir, 'command-centre-arrival.png') });
  });

  it('dispatches an event from its detail, which the API then shows, and shows a refusal in the server\'s words', async () => {
    const id = 'cc-seed-4'; // accepted in the seed
    await page.click(`tr[data-id="${id}"]`);
    await page.waitForSelector('#detail button[data-action="dispatch"]');
    // A dispatch needs someone to do it: the server's 400 is shown as it words it.
    await page.fill('#detail input[name="assignee"]', '');
    await page.click('#detail button[data-action="dispatch"]');
    await page.waitForSelector('#action-message.error');
    expect(await page.textContent('#action-message')).toMatch(/400/);
    await page.fill('#detail input[name="assignee"]', '网格员王芳');
    await page.fill('#detail input[name="note"]', '请两小时内到场');
    await page.click('#detail button[data-action="dispatch"]');
    await page.waitForSelector('#action-message.ok');
    const e = await (await api.get(`/api/events/${id}`)).json();
    expect(e).toMatchObject({ status: 'dispatched', assignee: '网格员王芳' });
    expect(e.history.at(-1)).toMatchObject({ action: 'dispatch', by: dispatcher, note: '请两小时内到场' });
    // The stream brings the change back to the list.
    await page.waitForFunction((x) => document.querySelector(`tr[data-id="${x}"]`)?.textContent?.includes('派遣'), id);
    expect(await page.textContent('#detail .history')).toContain('网格员王芳');
    await page.screenshot({ path: path.join(artifactsDir, 'command-centre-dispatch.png') });
  });

  it('refuses an action another desk has already taken with the 409 message', async () => {
    const id = 'cc-seed-9'; // reported
    await page.click(`tr[data-id="${id}"]`);
    await page.waitForSelector('#detail button[data-action="accept"]');
    // Another desk accepts it while this page still shows it as reported: the page's refresh of
    // the detail is answered with the stale copy, as on a slow line.
    const stale = await (await api.get(`/api/events/${id}`)).json();
    await page.route(`**/api/events/${id}`, (route) => (route.request().method() === 'GET' ? route.fulfill({ json: stale }) : route.continue()));
    expect((await api.post(`/api/events/${id}/transitions`, { action: 'accept', by: 'another desk' })).status).toBe(200);
    await page.click('#detail button[data-action="accept"]');
    await page.waitForSelector('#action-message.error');
    expect(await page.textContent('#action-message')).toMatch(/409.*accepted/);
    await page.unroute(`**/api/events/${id}`);
  });

  it('selects an event clicked on the map, and narrows everything to a community', async () => {
    if (await page.isVisible('#detail [data-close]')) await page.click('#detail [data-close]');
    const target = 'cc-seed-21';
    await page.evaluate((id) => {
      const e = (window as any).commandCentre.events.get(id);
      (window as any).gridMap.jumpTo([e.lon, e.lat], 16);
    }, target);
    // Closing the detail widens the map's container; MapLibre resizes its canvas on a later frame
    // and deck.gl follows the camera on the frame after: wait until the canvas fills the container
    // and deck.gl would pick the event where the map now draws it.
    const at = (await (
      await page.waitForFunction((id) => {
        const g = (window as any).gridMap;
        if (g.map.getCanvas().clientWidth !== g.map.getContainer().clientWidth) return null;
        const e = (window as any).commandCentre.events.get(id);
        const p = g.map.project([e.lon, e.lat]);
        return g.overlay.pickObject({ x: p.x, y: p.y, layerIds: ['events-points'] })?.object?.id === id ? { x: p.x, y: p.y } : null;
      }, target)
    ).jsonValue()) as { x: number; y: number };
    const box = (await page.locator('#map').boundingBox())!;
    await page.mouse.click(box.x + at.x, box.y + at.y);
    await page.waitForFunction((id) => document.querySelector('#detail h2') && document.querySelector('#detail .muted')?.textContent?.includes(id), target);

    const community = await page.evaluate(() => [...document.querySelectorAll<HTMLOptionElement>('select[name="area"] option')].map((o) => o.value)[1]);
    const expected = await (await api.get(`/api/events?area=${community}&status=open&limit=5000`)).json();
    await page.selectOption('select[name="area"]', community);
    await page.waitForFunction((n) => document.querySelector('#list h3')?.textContent?.includes(`（${n}）`), expected.total);
    const ids = await page.locator('tr[data-id]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id).sort());
    expect(ids).toEqual(expected.events.map((e: any) => e.id).sort());
    // The map flies to the community and deck.gl redraws on a later frame: wait for it to settle.
    await expect.poll(async () => new Set(await picked(page, 'events-points')), { timeout: 20_000 }).toEqual(new Set(ids));
    await page.selectOption('select[name="area"]', town);
  });

  it('shows an analyst the events and their history but offers no actions', async () => {
    const analyst = await api.userWith('analyst', town);
    const other = await browser.newPage();
    await signIn(other.page, api.url, analyst.username, TEST_PASSWORD);
    await other.page.goto(`${api.url}/events.html`);
    await opened(other.page);
    await other.page.click('tr[data-id="cc-seed-9"]');
    await other.page.waitForSelector('#detail #read-only');
    expect(await other.page.locator('#detail button[data-action]:not([disabled])').count()).toBe(0);
    expect(other.errors).toEqual([]);
    await other.page.close();
  }, 180_000);

  it('switches to English', async () => {
    await page.click('#lang');
    expect(await page.textContent('#list h3')).toMatch(/^Events \(\d+\)$/);
    // The figures strip is fetched again for the new language: wait for it.
    await expect.poll(() => page.textContent('#dashboard .dash-title'), { timeout: 20_000 }).toContain('CSV export');
    await page.click('#lang');
    // The refused transitions (400, 409) are the only failed requests the browser logged.
    expect(errors.filter((e) => !/status of (400|409)/.test(e))).toEqual([]);
  });
});
