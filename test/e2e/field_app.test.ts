import path from 'node:path';
import sharp from 'sharp';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toScreen } from '../helpers/map_page.ts';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/test_server.ts';
import { artifactsDir, browserMissing, launchBrowser, newPhone, pageOpened, signIn, type TestBrowser } from '../helpers/browser.ts';

/** A photo as a phone camera makes one: 1200×900, EXIF says rotate 90° to view. */
const cameraPhoto = (colour: string) =>
  sharp({ create: { width: 1200, height: 900, channels: 3, background: colour } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();

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

describe.skipIf(browserMissing())('the grid worker’s phone app (/m/) at 390×844 with touch and GPS', () => {
  let t: TestDb;
  let api: TestServer;
  let browser: TestBrowser;
  let phone: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  // Requests that fail while the phone is offline are the point of the offline steps, not errors.
  let offline = false;
  let grid: { code: string; name: string; lon: number; lat: number };
  let worker: { username: string; authorization: string };

  beforeAll(async () => {
    t = await createTestDb('demo');
    api = await startTestServer(t.db);
    [grid] = await t.db.query(
      `select g.code, g.name, st_x(c.center) as lon, st_y(c.center) as lat
         from area g, st_maximuminscribedcircle(g.geom) as c
        where g.level = 'grid' and g.kind = 'base' order by g.code limit 1`,
    );
    worker = await api.userWith('grid_worker', grid.code);
    browser = await launchBrowser();
    phone = await newPhone(browser.browser, { lon: grid.lon, lat: grid.lat, accuracy: 12 });
    page = await phone.newPage();
    page.on('console', (msg) => msg.type() === 'error' && !(offline && /Failed to load resource/.test(msg.text())) && errors.push(msg.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, api.url, worker.username, TEST_PASSWORD);
  });
  afterAll(async () => {
    await phone?.close();
    await browser?.close();
    await api?.close();
    await t?.drop();
  });

  const eventsBy = (description: string) =>
    t.db.query<{ id: string; photos: number; reporter: string }>(
      `select e.id, e.reporter, (select count(*)::int from event_media em where em.event_id = e.id) as photos from event e where e.description = $1::text`,
      [description],
    );
  const noSidewaysOverflow = () => page.evaluate(() => document.documentElement.scrollWidth <= innerWidth && document.body.scrollWidth <= innerWidth);

  it('opens on the user’s own grid with their position and its accuracy', async () => {
    await page.goto(`${api.url}/m/`);
    await pageOpened(page, 'the phone app');
    await page.waitForSelector('body[data-located="true"]', { timeout: 30_000 });
    expect(await page.textContent('#area')).toContain(grid.name);
    expect(await page.textContent('#position')).toMatch(/精度约 12 米/);
    expect(await page.textContent('#tabs')).toContain('上报');
    // The outline of the grid and the position are on the map.
    await until(
      'the grid outline and the position drawn',
      () => page.evaluate(() => {
        const map = (window as any).gridMap.map;
        return { area: map.querySourceFeatures('field-area').length, position: map.querySourceFeatures('field-position').length };
      }),
      (d) => d.area > 0 && d.position === 2,
    );
    expect(await noSidewaysOverflow()).toBe(true);
    // The map fills the screen between the header lines and the tab bar.
    const [mapBottom, tabsTop] = await page.evaluate(() => [document.getElementById('map')!.getBoundingClientRect().bottom, document.getElementById('tabs')!.getBoundingClientRect().top]);
    expect(mapBottom).toBe(tabsTop);
    await page.screenshot({ path: path.join(artifactsDir, 'field-1-map-390x844.png') });
  });

  it('reports an event with two photos in a few taps, the address filled in from the check', async () => {
    await page.tap('#tab-report');
    await page.tap('button[data-act="category"][data-code="environment"]');
    await page.tap('button[data-act="severity"][data-code="high"]');
    await page.fill('#report-description', '河道边堆放建筑垃圾');
    await page.setInputFiles('#photo-gallery', [
      { name: 'a.jpg', mimeType: 'image/jpeg', buffer: await cameraPhoto('#5a8') },
      { name: 'b.jpg', mimeType: 'image/jpeg', buffer: await cameraPhoto('#a85') },
    ]);
    await page.waitForSelector('.photos figure:nth-child(2)');
    // The check ran for the GPS position: in the user's grid, an address filled in.
    await page.waitForSelector(`.note:has-text("位于${grid.name}")`);
    expect(await page.inputValue('#report-address')).not.toBe('');
    // The photo was shrunk and turned upright on the phone: 1200×900 rotated → 900×1200.
    const shape = await page.evaluate(async () => {
      const img = document.querySelector<HTMLImageElement>('.photos img')!;
      await img.decode();
      return [img.naturalWidth, img.naturalHeight];
    });
    expect(shape).toEqual([900, 1200]);
    expect(await noSidewaysOverflow()).toBe(true);
    await page.screenshot({ path: path.join(artifactsDir, 'field-2-report-form-390x844.png') });
    await page.locator('#sheet-report').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.screenshot({ path: path.join(artifactsDir, 'field-3-report-form-bottom-390x844.png') });
    await page.tap('#report-send');
    await page.waitForSelector('#toast:has-text("已上报")');
    const [event] = await until('the report stored', () => eventsBy('河道边堆放建筑垃圾'), (rows) => rows.length === 1);
    expect(event).toMatchObject({ photos: 2, reporter: worker.username });
    const stored = await t.db.query<{ width: number; height: number }>(
      `select m.width, m.height from media m join event_media em on em.media_id = m.id where em.event_id = $1::text`,
      [event.id],
    );
    expect(stored.every((m) => m.height > m.width)).toBe(true);
  });

  it('shows a task dispatched to the user without a reload, most urgent first, and takes a step on it', async () => {
    const admin = { authorization: `Bearer ${api.token}` };
    const make = async (id: string, severity: string) => {
      expect((await api.post('/api/events', { id, category: 'dispute', severity, description: `邻里纠纷 ${id}`, location: { lon: grid.lon, lat: grid.lat } }, admin)).status).toBe(201);
      expect((await api.post(`/api/events/${id}/transitions`, { action: 'accept', by: '指挥中心' }, admin)).status).toBe(200);
    };
    await make('task-low', 'low');
    await make('task-1', 'critical');
    expect((await api.post('/api/events/task-1/transitions', { action: 'dispatch', assignee: worker.username, by: '指挥中心' }, admin)).status).toBe(200);
    // Announced on whatever tab is open, then in the list with its clock; the user's own first.
    await page.waitForSelector('#toast:has-text("新任务")');
    await page.tap('#tab-tasks');
    await page.waitForSelector('.task[data-id="task-1"] .clock:has-text("剩余")');
    const order = await page.$$eval('.task', (els) => els.map((e) => (e as HTMLElement).dataset.id));
    expect(order.indexOf('task-1')).toBe(0);
    expect(order).toContain('task-low');
    expect(await page.textContent('.task[data-id="task-1"]')).toContain('派给我的');
    expect(await noSidewaysOverflow()).toBe(true);
    await page.screenshot({ path: path.join(artifactsDir, 'field-8-tasks-390x844.png') });
    await page.tap('.task[data-id="task-1"] button[data-action="start"]');
    await page.tap('#step-confirm');
    await until('the step stored', async () => (await t.db.query<{ status: string }>(`select status from event where id = 'task-1'`))[0].status, (s) => s === 'in_progress');
    await page.waitForSelector('.task[data-id="task-1"] button[data-action="resolve"]');
  });

  it('keeps a report and a step made offline on the phone and sends each once when the network is back; the command centre sees them arrive', async () => {
    const dispatcher = await api.userWith('dispatcher', null);
    const desk = await browser.browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const centre = await desk.newPage();
    await signIn(centre, api.url, dispatcher.username, TEST_PASSWORD);
    await centre.goto(`${api.url}/events.html`);
    await pageOpened(centre, 'the command centre', 'body[data-drawn="true"]');
    const seenByCentre = () =>
      centre.evaluate(() => [...(window as any).commandCentre.events.values()].map((e: any) => ({ id: e.id, description: e.description, status: e.status })));

    offline = true;
    await phone.setOffline(true);
    await page.waitForSelector('#net.offline');
    await page.tap('#tab-report');
    await page.tap('button[data-act="category"][data-code="public_facility"]');
    await page.fill('#report-description', '路灯杆倾斜');
    await page.setInputFiles('#photo-camera', [{ name: 'c.jpg', mimeType: 'image/jpeg', buffer: await cameraPhoto('#888') }]);
    await page.waitForSelector('.photos figure');
    await page.waitForSelector('.note:has-text("离线")');
    await page.tap('#report-send');
    await page.waitForSelector('#toast:has-text("联网后自动发送")');
    // A step offline too: resolve the task with a photo of the result and a note.
    await page.tap('#tab-tasks');
    await page.tap('.task[data-id="task-1"] button[data-action="resolve"]');
    await page.fill('#step-note', '双方已调解');
    await page.setInputFiles('#step-gallery', [{ name: 'd.jpg', mimeType: 'image/jpeg', buffer: await cameraPhoto('#4a7') }]);
    await page.waitForSelector('.step-form .photos figure');
    await page.tap('#step-confirm');
    await page.waitForSelector('.task[data-id="task-1"] .note:has-text("待发送")');
    await page.tap('#tab-outbox');
    await page.waitForSelector('.outbox-item[data-state="waiting"]');
    expect(await page.textContent('#net')).toContain('2 条待发送');
    await page.screenshot({ path: path.join(artifactsDir, 'field-4-offline-outbox-390x844.png') });
    expect(await eventsBy('路灯杆倾斜')).toEqual([]);

    await phone.setOffline(false);
    offline = false;
    await page.waitForFunction(() => document.querySelectorAll('.outbox-item').length === 4 && !document.querySelector('.outbox-item:not([data-state="sent"])'), null, { timeout: 30_000 });
    expect(await page.textContent('#net')).not.toContain('待发送');
    await page.screenshot({ path: path.join(artifactsDir, 'field-5-back-online-390x844.png') });
    const rows = await eventsBy('路灯杆倾斜');
    expect(rows).toHaveLength(1);
    expect(rows[0].photos).toBe(1);
    const steps = await t.db.query<{ action: string; n: number }>(`select action, count(*)::int as n from event_log where event_id = 'task-1' group by action order by action`);
    expect(steps).toEqual([{ action: 'accept', n: 1 }, { action: 'dispatch', n: 1 }, { action: 'report', n: 1 }, { action: 'resolve', n: 1 }, { action: 'start', n: 1 }]);
    const [{ photos }] = await t.db.query<{ photos: number }>(`select count(*)::int as photos from event_media em join event_log l on l.seq = em.seq where em.event_id = 'task-1' and l.action = 'resolve'`);
    expect(photos).toBe(1);
    // The command centre, open meanwhile in another browser, saw the new report and the step arrive, once.
    const seen = await until('the command centre updated', seenByCentre, (es) => es.some((e) => e.description === '路灯杆倾斜') && es.some((e) => e.id === 'task-1' && e.status === 'resolved'));
    expect(seen.filter((e) => e.description === '路灯杆倾斜')).toHaveLength(1);
    await centre.screenshot({ path: path.join(artifactsDir, 'field-9-command-centre-1600x1000.png') });
    await desk.close();
    // Sending again (a retry round) changes nothing: the same ids are recognised.
    await page.evaluate(() => dispatchEvent(new Event('online')));
    expect(await eventsBy('路灯杆倾斜')).toHaveLength(1);
  });

  it('warns before sending a point outside the user’s grid, placed by tapping the map', async () => {
    const other = (await t.db.query<{ lon: number; lat: number }>(
      `select st_x(c.center) as lon, st_y(c.center) as lat from area g, st_maximuminscribedcircle(g.geom) as c
        where g.level = 'grid' and g.kind = 'base' and g.code <> $1::text order by g.code limit 1`,
      [grid.code],
    ))[0];
    await page.tap('#tab-report');
    await page.evaluate(([lon, lat]) => (window as any).gridMap.map.jumpTo({ center: [lon, lat], zoom: 16 }), [other.lon, other.lat]);
    const at = await toScreen(page, [other.lon, other.lat]);
    await page.touchscreen.tap(at.x, Math.min(at.y, 250));
    await page.waitForSelector('.warn:has-text("不在您负责的网格内")');
    await page.screenshot({ path: path.join(artifactsDir, 'field-6-outside-grid-390x844.png') });
    await page.tap('button[data-act="cancel"]');
  });

  it('opens again without a network on the user’s grid, from what the service worker kept', async () => {
    await page.waitForSelector('body[data-offline-ready="true"]', { timeout: 30_000 });
    offline = true;
    await phone.setOffline(true);
    await page.reload();
    await pageOpened(page, 'the phone app, offline');
    expect(await page.textContent('#area')).toContain(grid.name);
    expect(await page.textContent('#net')).toContain('离线');
    await until(
      'the grid outline and its units drawn offline',
      () => page.evaluate(() => ['field-area', 'field-units'].map((s) => (window as any).gridMap.map.querySourceFeatures(s).length)),
      ([outline, units]) => outline > 0 && units > 0,
    );
    await page.screenshot({ path: path.join(artifactsDir, 'field-10-offline-start-390x844.png') });
    await phone.setOffline(false);
    offline = false;
  });

  it('shows no console errors, and lays out on a desktop too', async () => {
    expect(errors).toEqual([]);
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.tap('#tab-map');
    await page.screenshot({ path: path.join(artifactsDir, 'field-7-desktop-1600x1000.png') });
    expect(await noSidewaysOverflow()).toBe(true);
  });
});
