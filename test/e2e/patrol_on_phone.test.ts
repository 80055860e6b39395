import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderedValues, toScreen } from '../helpers/map_page.ts';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/test_server.ts';
import { artifactsDir, browserMissing, launchBrowser, newPhone, pageOpened, signIn, type TestBrowser } from '../helpers/browser.ts';

/** Polls `read` until `ok` holds of its value, or fails after `ms` naming `what`. */
async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`${what} did not happen within ${ms} ms (last: ${JSON.stringify(v)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Points every `stepM` metres (or less) along the legs between `stops`, in degrees. */
function walk(stops: { lon: number; lat: number }[], stepM: number): { lon: number; lat: number }[] {
  const out = [stops[0]];
  for (let i = 1; i < stops.length; i++) {
    const a = stops[i - 1];
    const b = stops[i];
    const metres = Math.hypot((b.lon - a.lon) * 111_320 * Math.cos((a.lat * Math.PI) / 180), (b.lat - a.lat) * 110_574);
    const n = Math.max(1, Math.ceil(metres / stepM));
    for (let k = 1; k <= n; k++) out.push({ lon: a.lon + ((b.lon - a.lon) * k) / n, lat: a.lat + ((b.lat - a.lat) * k) / n });
  }
  return out;
}

describe.skipIf(browserMissing())('a patrol walked on the phone (390×844, touch, scripted GPS) and seen on the one-map', () => {
  let t: TestDb;
  let api: TestServer;
  let browser: TestBrowser;
  let phone: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  let grid: { code: string; name: string };
  let units: { code: string; lon: number; lat: number }[];
  let worker: { username: string; authorization: string };

  beforeAll(async () => {
    t = await createTestDb('demo');
    api = await startTestServer(t.db);
    [grid] = await t.db.query(
      `select g.code, g.name from area g
        where g.level = 'grid' and g.kind = 'base' and (select count(*) from area u where u.parent_id = g.id and u.level = 'unit') >= 3
        order by g.code limit 1`,
    );
    units = await t.db.query(
      `select u.code, st_x(c.center) as lon, st_y(c.center) as lat from area u join area g on g.id = u.parent_id, st_maximuminscribedcircle(u.geom) as c
        where g.code = $1::text and u.level = 'unit' order by u.code`,
      [grid.code],
    );
    worker = await api.userWith('grid_worker', grid.code);
    browser = await launchBrowser();
    phone = await newPhone(browser.browser, { lon: units[0].lon, lat: units[0].lat, accuracy: 6 });
    page = await phone.newPage();
    page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, api.url, worker.username, TEST_PASSWORD);
  }, 180_000);
  afterAll(async () => {
    await phone?.close();
    await browser?.close();
    await api?.close();
    await t?.drop();
  });

  const recorded = () => page.evaluate(() => Number(document.querySelector('[data-patrol-points]')?.getAttribute('data-patrol-points') ?? -1));
  const stored = () => t.db.query<{ id: string; stopped: boolean; points: number; kept: number }>(
    `select p.id, p.stopped_at is not null as stopped, (select count(*)::int from patrol_point where patrol_id = p.id) as points,
            (select count(*)::int from patrol_point where patrol_id = p.id and kept) as kept
       from patrol p join app_user u on u.id = p.owner_id where u.username = $1::text`,
    [worker.username],
  );

  it('records a track along a scripted walk, logs a visit, and uploads each batch once', async () => {
    await page.goto(`${api.url}/m/`);
    await pageOpened(page, 'the phone app');
    await page.waitForSelector('body[data-located="true"]', { timeout: 30_000 });
    await page.tap('#tab-patrol');
    await page.waitForSelector('#sheet-patrol [data-act="start"]');
    expect(await page.textContent('#tab-patrol')).toContain('巡查');
    await page.screenshot({ path: path.join(artifactsDir, 'patrol-1-sheet-390x844.png') });
    await page.tap('#sheet-patrol [data-act="start"]');
    await until('the first point', recorded, (n) => n === 1);

    // Walk unit 0 → 1 → 2 in 9 m steps: each step is one Geolocation fix the phone must record.
    const track = walk(units.slice(0, 3), 9).slice(1);
    for (const [i, p] of track.entries()) {
      await phone.setGeolocation({ longitude: p.lon, latitude: p.lat, accuracy: 6 });
      await until(`point ${i + 2} recorded`, recorded, (n) => n >= i + 2, 10_000);
    }
    const points = await recorded();
    expect(points).toBe(track.length + 1);
    // Standing still (a fix 1 m away) adds no point.
    const last = track[track.length - 1];
    await phone.setGeolocation({ longitude: last.lon, latitude: last.lat + 0.00001, accuracy: 6 });
    await page.waitForFunction(() => document.getElementById('position')?.textContent !== '');
    expect(await recorded()).toBe(points);

    // A visit to unit 0, made during the patrol.
    await page.selectOption('#visit-unit', units[0].code);
    await page.fill('#visit-note', '走访独居老人，身体良好');
    await page.screenshot({ path: path.join(artifactsDir, 'patrol-2-walking-390x844.png') });
    await page.tap('#sheet-patrol [data-act="visit"]');
    await until('the visit stored', () => t.db.query(`select unit_code from visit where note = '走访独居老人，身体良好'`), (r) => r.length === 1);

    await page.tap('#sheet-patrol [data-act="stop"]');
    const [p] = await until('the patrol stopped with every point', stored, (r) => r.length === 1 && r[0].stopped && r[0].points === points);
    expect(p.kept).toBe(points);
    // Each batch once: as many batches stored as the outbox sent, and no point twice (the key is (patrol, t)).
    const batches = await t.db.query<{ n: number; received: number }>(`select count(*)::int as n, sum(received)::int as received from patrol_batch where patrol_id = $1::text`, [p.id]);
    expect(batches[0].received).toBe(points);
    await page.waitForSelector('[data-patrol-done="stopped"]', { timeout: 15_000 });
    const figures = await page.textContent('#sheet-patrol');
    expect(figures).toMatch(/上次巡查：[\d.]+ 公里/);
    expect(figures).toMatch(/途经 [3-9] 个单元/);
    await page.screenshot({ path: path.join(artifactsDir, 'patrol-3-stopped-390x844.png') });
  }, 240_000);

  it('shows today’s track and the grid’s visit coverage on the one-map', async () => {
    await page.goto(`${api.url}/`);
    await pageOpened(page, 'the one-map');
    await page.check('input[name="patrol-period"][value="today"]');
    await page.waitForSelector('body[data-patrols="1"]', { timeout: 30_000 });
    // Frame the walk, then read the track back from what the map drew.
    await page.evaluate(([a, b]) => (window as any).gridMap.fitBbox([Math.min(a.lon, b.lon) - 0.002, Math.min(a.lat, b.lat) - 0.002, Math.max(a.lon, b.lon) + 0.002, Math.max(a.lat, b.lat) + 0.002], 18), [units[0], units[2]] as const);
    const [patrol] = await stored();
    await until('the track drawn', () => renderedValues(page, 'patrol-tracks-line', 'id'), (ids) => ids.includes(patrol.id));
    expect(await page.textContent('#patrol-layer')).toMatch(/1 次巡查，共 [\d.]+ 公里/);

    // The grid's card, through the card of the visited unit and its chain.
    const at = await toScreen(page, [units[0].lon, units[0].lat]);
    await page.mouse.click(at.x, at.y);
    await page.waitForSelector('#card:not([hidden]) h2');
    await page.click(`#card a[data-code="${grid.code}"]`);
    const line = await page.waitForSelector(`#card [data-visit-coverage="1/${units.length}"]`, { timeout: 15_000 });
    expect(await line.textContent()).toBe(`走访覆盖（近 7 天）：1/${units.length} 个单元（${Math.round((100 * 1) / units.length)}%）`);
    await page.screenshot({ path: path.join(artifactsDir, 'patrol-4-one-map-390x844.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
    expect(errors).toEqual([]);
  }, 120_000);
});
