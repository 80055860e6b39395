import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/test_server.ts';
import { mapIdle } from '../helpers/map_page.ts';
import { artifactsDir, browserMissing, launchBrowser, signIn, type TestBrowser } from '../helpers/browser.ts';

const idle = (page: Page) => mapIdle(page);

interface Marker {
  code: string;
  name: string;
  /** Where the worker dot is drawn, in CSS pixels of the map canvas (label point plus the layer's lift). */
  x: number;
  y: number;
  /** The canvas pixel at that point, read back from WebGL. */
  rgb: [number, number, number];
}

/** The staff markers drawn on screen, one per grid, with the colour found where each is drawn. */
async function drawnMarkers(page: Page): Promise<Marker[]> {
  return page.evaluate(() => {
    const map = (window as any).gridMap.map;
    const canvas = map.getCanvas() as HTMLCanvasElement;
    const ratio = canvas.width / canvas.clientWidth;
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext('2d')!;
    ctx.drawImage(canvas, 0, 0);
    // The lift the layer applies at this zoom (a step expression evaluated by MapLibre's style).
    const [dx, dy] = map.getLayer('staff-worker').paint.get('circle-translate') as [number, number];
    const out = new Map<string, Marker>();
    for (const f of map.queryRenderedFeatures({ layers: ['staff-worker'] })) {
      const p = map.project(f.geometry.coordinates);
      const x = p.x + dx;
      const y = p.y + dy;
      const [r, g, b] = ctx.getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data;
      out.set(f.properties.code, { code: f.properties.code, name: f.properties.name, x, y, rgb: [r, g, b] });
    }
    return [...out.values()];
  }) as Promise<Marker[]>;
}

const near = (rgb: [number, number, number], hex: string, tolerance = 60) => {
  const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return Math.abs(rgb[0] - want[0]) + Math.abs(rgb[1] - want[1]) + Math.abs(rgb[2] - want[2]) < tolerance;
};
const WARNING = '#ff6d00';
const STAFFED = '#2e7d32';

describe.skipIf(browserMissing())('the one-map\'s staff and party branches layer (网格力量) in headless Chromium', () => {
  let t: TestDb;
  let api: TestServer;
  let browser: TestBrowser;
  let page: Page;
  let errors: string[];
  let check: { counts: { no_worker: number; no_branch: number }; cells: { code: string; missing: string[] }[] };
  beforeAll(async () => {
    t = await createTestDb('demo');
    api = await startTestServer(t.db);
    browser = await launchBrowser();
    ({ page, errors } = await browser.newPage());
    await signIn(page, api.url, (await api.userWith('admin', null)).username, TEST_PASSWORD);
    await page.goto(api.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 90_000 });
    const [town] = await t.db.query<{ code: string }>(`select code from area where level = 'town'`);
    check = await (await api.get(`/api/staff/check?root=${town.code}`)).json();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await t?.drop();
  });

  it('draws one marker per grid, the grids without a full-time worker in the warning colour, with counts from the registers', async () => {
    await page.check('input[data-group="staff"]');
    await page.waitForSelector('body[data-staff="loaded"]');
    await idle(page);
    const grids = (await (await api.get('/tiles/grids/counts.json')).json()).areas as { code: string }[];
    const markers = await drawnMarkers(page);
    expect(markers.map((m) => m.code).sort()).toEqual(grids.map((g) => g.code).sort());

    // The register's own check names the grids without a full-time worker; the demo town has a few.
    const noWorker = new Set(check.cells.filter((c) => c.missing.includes('grid_worker')).map((c) => c.code));
    expect(noWorker.size).toBe(check.counts.no_worker);
    expect(noWorker.size).toBeGreaterThan(0);
    const warned = markers.filter((m) => near(m.rgb, WARNING)).map((m) => m.code).sort();
    expect(warned).toEqual([...noWorker].sort());
    // Nearly every other marker reads back as the staffed green (a neighbour's dot may overlap one).
    const green = markers.filter((m) => near(m.rgb, STAFFED)).length;
    expect(green).toBeGreaterThan((markers.length - noWorker.size) * 0.9);

    // The legend's counts are the registers' counts.
    const workers = (await (await api.get('/api/staff?role=grid_worker&limit=10000')).json()).staff.filter((s: any) => s.area_level === 'grid');
    expect(await page.textContent('[data-staff-count="no_worker"]')).toBe(String(check.counts.no_worker));
    expect(await page.textContent('[data-staff-count="no_branch"]')).toBe(String(check.counts.no_branch));
    expect(await page.textContent('[data-staff-count="branches"]')).toBe(String(grids.length - check.counts.no_branch));
    expect(await page.textContent('[data-staff-tally]')).toContain(`专职网格员 ${workers.length} 名`);
    await page.screenshot({ path: path.join(artifactsDir, 'one_map_staff_town.png') });
    expect(errors).toEqual([]);
  });

  it('shows roles and counts, never names, and a click on a marker opens the grid\'s card with its staff', async () => {
    const code = check.cells.find((c) => c.missing.includes('grid_worker'))!.code;
    const [{ lon, lat }] = await t.db.query<{ lon: number; lat: number }>(`select st_x(p) as lon, st_y(p) as lat from (select st_pointonsurface(geom) as p from area where code = $1::text) a`, [code]);
    await page.evaluate(([x, y]) => (window as any).gridMap.jumpTo([x, y], 15.5), [lon, lat]);
    await idle(page);
    const marker = (await drawnMarkers(page)).find((m) => m.code === code)!;
    expect(marker).toBeDefined();
    expect(near(marker.rgb, WARNING)).toBe(true);

    // The words beside markers: counts and roles only, never a staff member's name.
    const texts = await page.evaluate(() => (window as any).gridMap.map.queryRenderedFeatures({ layers: ['staff-label'] }).map((f: any) => ({ code: f.properties.code, text: String(f.properties.text ?? '') })));
    const [partTime] = await t.db.query<{ n: number }>(`select count(*)::int as n from staff_assignment s join area a on a.id = s.area_id where a.code = $1::text and s.role = 'part_time_worker'`, [code]);
    const label = await page.evaluate((c) => {
      const map = (window as any).gridMap.map;
      const f = map.queryRenderedFeatures({ layers: ['staff-label'] }).find((x: any) => x.properties.code === c);
      return f ? String(map.getLayer('staff-label').layout.get('text-field').evaluate(f, {})) : null;
    }, code);
    expect(texts.length).toBeGreaterThan(0);
    expect(label).toContain(`无专职（兼职 ${partTime.n}）`);
    const names = (await t.db.query<{ name: string }>(`select s.name from staff s join staff_assignment sa on sa.staff_id = s.id join area a on a.id = sa.area_id where a.code = $1::text`, [code])).map((r) => r.name);
    for (const n of names) expect(label).not.toContain(n);

    await page.screenshot({ path: path.join(artifactsDir, 'one_map_staff.png') });
    const box = (await page.locator('#map canvas').boundingBox())!;
    await page.mouse.click(box.x + marker.x, box.y + marker.y);
    await page.waitForFunction((name) => document.querySelector('#card h2')?.textContent === name, marker.name);
    const staff = await page.textContent('#card .staff');
    expect(staff).toContain('兼职网格员');
    expect(staff).not.toContain('专职网格员');
    // The card (guarded by the server) is where names appear.
    expect(names.some((n) => staff!.includes(n))).toBe(true);
    await page.screenshot({ path: path.join(artifactsDir, 'one_map_staff_card.png') });
    expect(errors).toEqual([]);
  });
});
