import path from 'node:path';
import type { Page } from 'playwright-core';
import { bbox as turfBbox } from '@turf/turf';
import { interiorPoint } from '../../web/planner/label_points.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/test_server.ts';
import { mapIdle, renderedValues, toScreen as toScreenOf } from '../helpers/map_page.ts';
import { artifactsDir, browserMissing, launchBrowser, signIn, type TestBrowser } from '../helpers/browser.ts';

const TOWN_CODE = '330782101';
const COMMUNITY = '330782101001';

type Fc = GeoJSON.FeatureCollection;
type Position = [number, number];

/** Waits for the planner's map to draw what was just asked of it. */
// The planner's map is window.planMap; the one-map's (after publishing) window.gridMap.
const idle = (page: Page) => mapIdle(page, 'planMap');
const toScreen = (page: Page, at: Position) => toScreenOf(page, at, 'planMap');
const rendered = (page: Page, layer: string, prop = 'code', mapVar = 'planMap') => renderedValues(page, layer, prop, mapVar);

/**
 * Waits until the draft's revision moved on from `rev` and no edit is in flight; an edit the server
 * refused fails here with the message the page shows.
 */
async function nextRevision(page: Page, rev: string): Promise<string> {
  await page.waitForFunction(
    (r) => (document.body.dataset.rev !== r && document.body.dataset.busy === 'false') || Boolean(document.getElementById('status')?.textContent),
    rev,
    { timeout: 30_000 },
  );
  expect(await page.textContent('#status')).toBe('');
  return (await page.getAttribute('body', 'data-rev'))!;
}

/** Opens a page of the built app and checks that it was served. */
async function open(page: Page, url: string): Promise<void> {
  const res = await page.goto(url);
  if (!res?.ok()) throw new Error(`${url}: ${res?.status()}`);
}

/** A point strictly inside a cell (never on its outline, where a click could pick the neighbour). */
const inside = (f: GeoJSON.Feature): Position => interiorPoint(f as GeoJSON.Feature<GeoJSON.Polygon>);

// Each step drives the browser through server round trips on a shared, loaded machine: minutes, not seconds.
describe.skipIf(browserMissing())('the planner (规划调整) in headless Chromium', { timeout: 180_000 }, () => {
  let t: TestDb;
  let api: TestServer;
  let browser: TestBrowser;
  let page: Page;
  let errors: string[];
  let auth: Record<string, string>;
  let planId: string;
  let rev: string;
  const shot = (name: string) => page.screenshot({ path: path.join(artifactsDir, `planner-${name}.png`) });
  // What the steps learn and the later ones use.
  let grid: { code: string; name: string; households: number; lineX: number };
  let newCode: string;
  let problemsBefore: number;

  const get = async <T,>(p: string): Promise<T> => {
    const res = await api.get(p, auth);
    expect(res.status, `${p}: ${await res.clone().text()}`).toBe(200);
    return (await res.json()) as T;
  };
  const areas = (level: string) => get<Fc>(`/api/plans/${planId}/areas?level=${level}`);
  const cell = async (code: string) => (await areas('grid')).features.find((f) => f.properties?.code === code)!;
  /** Shows the cells large in the middle of the map. */
  const zoomTo = async (...codes: string[]) => {
    await page.evaluate((cs) => (window as any).planMap.fitTo({ type: 'FeatureCollection', features: cs.map((c) => (window as any).planMap.cellFeature(c)) }), codes);
    await idle(page);
  };
  const clickAt = async (where: Position) => {
    const p = await toScreen(page, where);
    await page.mouse.click(p.x, p.y);
  };

  beforeAll(async () => {
    t = await createTestDb('demo');
    api = await startTestServer(t.db);
    const planner = await api.userWith('planner', TOWN_CODE, { canPublish: true });
    auth = { authorization: planner.authorization };
    browser = await launchBrowser();
    ({ page, errors } = await browser.newPage());
    // Names the resource behind a "Failed to load resource" console error.
    page.on('response', (r) => r.status() >= 400 && console.log(`[planner e2e] ${r.status()} ${r.request().method()} ${r.url()}`));
    await signIn(page, api.url, planner.username, TEST_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await t?.drop();
  });

  it('lists the drafts of a community, makes a new one and draws its grids', async () => {
    await open(page, `${api.url}/planner.html?area=${COMMUNITY}`);
    await page.waitForSelector('body[data-ready="list"]', { timeout: 60_000 });
    expect(await page.textContent('#plan')).toContain('暂无草案');
    expect(await page.textContent('#nav [aria-current="page"]')).toBe('规划调整');
    await shot('list');
    await page.click('#new-plan button[type="submit"]');
    await page.waitForSelector('body[data-ready="plan"]', { timeout: 60_000 });
    planId = new URL(page.url()).searchParams.get('plan')!;
    rev = (await page.getAttribute('body', 'data-rev'))!;
    expect(planId).toMatch(/^\d+$/);
    await idle(page);

    const published = await get<Fc>(`/api/areas?level=grid&parent=${COMMUNITY}`);
    expect(published.features.length).toBeGreaterThan(2);
    expect((await rendered(page, 'cells-fill')).sort()).toEqual(published.features.map((f) => String(f.properties?.code)).sort());
    // Every grid is coloured by its sizing status once the first check is in.
    expect(await rendered(page, 'cells-fill', 'status')).not.toContain('unknown');
    expect(await page.isDisabled('button[data-control="undo"]')).toBe(true);
    await page.click('#lang');
    expect(await page.textContent('button[data-control="split"]')).toBe('Split');
    await page.click('#lang');
    expect(await page.textContent('button[data-control="split"]')).toBe('切分');
    await shot('open');
    expect(errors).toEqual([]);
  });

  it('splits a grid along a drawn line and shows both halves’ tallies', async () => {
    // The base grid with the most units, split at the median of its units' interior points so that
    // both sides get units.
    const units = await areas('unit');
    const grids = (await areas('grid')).features.filter((f) => f.properties?.kind === 'base');
    const unitsOf = (code: string) => units.features.filter((u) => u.properties?.parent_code === code);
    const target = grids.sort((a, b) => unitsOf(String(b.properties?.code)).length - unitsOf(String(a.properties?.code)).length)[0];
    const code = String(target.properties?.code);
    const xs = unitsOf(code).map((u) => inside(u)[0]).sort((a, b) => a - b);
    const before = await get<{ cells: { code: string; households: number }[] }>(`/api/plans/${planId}/check?codes=${code}`);
    grid = { code, name: String(target.properties?.name), households: before.cells[0].households, lineX: (xs[Math.floor(xs.length / 2) - 1] + xs[Math.floor(xs.length / 2)]) / 2 };

    await zoomTo(code);
    await clickAt(inside(target));
    await page.waitForSelector('#selection');
    expect(await page.textContent('#selection')).toContain(grid.name);
    await page.click('button[data-control="split"]');
    const [, south, , north] = turfBbox(target);
    const margin = (north - south) * 0.08;
    await clickAt([grid.lineX, south - margin]);
    const end = await toScreen(page, [grid.lineX, north + margin]);
    await page.mouse.move(end.x, end.y, { steps: 4 });
    await page.mouse.click(end.x, end.y);
    await page.keyboard.press('Enter');
    rev = await nextRevision(page, rev);

    const rows = await page.$$eval('#tally tbody tr', (trs) => trs.map((tr) => ({ code: tr.getAttribute('data-code')!, households: Number(tr.querySelector('[data-field="households"]')!.textContent!.replace(/,/g, '')) })));
    expect(rows.map((r) => r.code)).toContain(code);
    expect(rows).toHaveLength(2);
    newCode = rows.find((r) => r.code !== code)!.code;
    // A split moves households between the halves; it neither makes nor loses any.
    expect(rows[0].households + rows[1].households).toBe(grid.households);
    expect(rows.every((r) => r.households > 0)).toBe(true);
    const states = Object.fromEntries((await areas('grid')).features.map((f) => [f.properties?.code, f.properties?.state]));
    expect([states[code], states[newCode]]).toEqual(['changed', 'new']);
    await idle(page);
    expect((await rendered(page, 'cells-changed')).sort()).toEqual([code, newCode].sort());
    problemsBefore = Number(await page.getAttribute('#tally [data-problems]', 'data-problems'));
    expect(await page.isEnabled('button[data-control="undo"]')).toBe(true);
    await shot('split');
    expect(errors).toEqual([]);
  });

  it('renames the new half in the side panel', async () => {
    await clickAt(inside(await cell(newCode)));
    await page.waitForFunction((c) => document.querySelector('#rename-form label')?.textContent?.includes(c), newCode);
    await page.fill('#rename-form input[name="name"]', ' 东苑新网格 ');
    await page.press('#rename-form input[name="name"]', 'Enter');
    rev = await nextRevision(page, rev);
    await page.waitForFunction(() => document.querySelector('#selection')?.textContent?.includes('东苑新网格'));
    expect((await cell(newCode)).properties).toMatchObject({ name: '东苑新网格', state: 'new' });
    await shot('rename');
    expect(errors).toEqual([]);
  });

  it('warns of the coverage problem a reshape makes, and undo takes it away', async () => {
    // A grid's outline is the union of its units: boundaries are reshaped a unit at a time.
    const unitsBefore = await areas('unit');
    const gridCentre = inside(await cell(newCode));
    const unit = unitsBefore.features
      .filter((u) => u.properties?.parent_code === newCode)
      .sort((a, b) => Math.hypot(inside(a)[0] - gridCentre[0], inside(a)[1] - gridCentre[1]) - Math.hypot(inside(b)[0] - gridCentre[0], inside(b)[1] - gridCentre[1]))[0];
    const unitCode = String(unit.properties?.code);
    await page.click('button[data-control="pick-unit"]');
    await zoomTo(unitCode);
    const centre = inside(unit);
    await clickAt(centre);
    await page.waitForFunction((c) => document.querySelector('#selection')?.textContent?.includes(c) ?? false, String(unit.properties?.name));
    await page.click('button[data-control="reshape"]');
    // Pull the vertex farthest from the unit's inside point a third of the way in: a gap opens
    // between it and its neighbours.
    const outline = unit.geometry.type === 'Polygon' ? unit.geometry.coordinates[0] : (unit.geometry as GeoJSON.MultiPolygon).coordinates[0][0];
    const far = outline.slice(0, -1).sort((a, b) => Math.hypot(b[0] - centre[0], b[1] - centre[1]) - Math.hypot(a[0] - centre[0], a[1] - centre[1]))[0] as Position;
    const from = await toScreen(page, far);
    const to = await toScreen(page, [far[0] + (centre[0] - far[0]) / 3, far[1] + (centre[1] - far[1]) / 3]);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 8 });
    await page.mouse.up();
    await page.click('button[data-control="apply"]');
    rev = await nextRevision(page, rev);
    const reshaped = (await areas('unit')).features.find((u) => u.properties?.code === unitCode)!;
    expect(reshaped.geometry).not.toEqual(unit.geometry);
    const problems = Number(await page.getAttribute('#tally [data-problems]', 'data-problems'));
    expect(problems).toBeGreaterThan(problemsBefore);
    expect(await page.textContent('#tally .problems')).toMatch(/缺口|越界|重叠|细缝/);
    await idle(page);
    expect((await rendered(page, 'problems-line', 'kind')).length).toBeGreaterThan(0);
    await shot('problem');

    await page.keyboard.press('Control+z');
    rev = await nextRevision(page, rev);
    expect(Number(await page.getAttribute('#tally [data-problems]', 'data-problems'))).toBe(problemsBefore);
    expect((await areas('unit')).features.find((u) => u.properties?.code === unitCode)!.geometry).toEqual(unit.geometry);
    expect(await page.isEnabled('button[data-control="redo"]')).toBe(true);
    await idle(page);
    if (problemsBefore === 0) expect(await rendered(page, 'problems-line', 'kind')).toEqual([]);
    await shot('undo');
    await page.click('button[data-control="pick-grid"]');
    expect(errors).toEqual([]);
  });

  it('says who changed the draft when an edit was made on a stale revision, and reloads', async () => {
    await page.evaluate(() => (window as any).planMap.fitTo({ type: 'FeatureCollection', features: (window as any).planMap.cells.features }));
    await idle(page);
    // Someone else (the same planner in another tab) locks a grid: the page's revision is stale.
    const other = (await areas('grid')).features.map((f) => String(f.properties?.code)).find((c) => c !== grid.code && c !== newCode)!;
    const res = await api.post(`/api/plans/${planId}/edits`, { op: 'lock', code: other }, { ...auth, 'if-match': `"${rev}"` });
    expect(res.status).toBe(200);
    await clickAt(inside(await cell(grid.code)));
    await page.click('button[data-control="lock"]');
    await page.waitForSelector('#conflict:not([hidden])');
    expect(await page.textContent('#conflict')).toContain('编辑冲突');
    // The browser logs the refused request itself; that one is expected here.
    const refused = errors.findIndex((e) => e.includes('status of 409'));
    expect(refused).toBeGreaterThanOrEqual(0);
    errors.splice(refused, 1);
    await shot('conflict');
    await page.click('#conflict [data-reload]');
    await page.waitForSelector('#conflict', { state: 'hidden' });
    // The reloaded draft reaches the map through its GeoJSON source's worker: wait for it to be drawn,
    // not for the next idle, which can come before the new data is (a CI flake).
    await page.waitForFunction(
      (code) => (window as any).planMap.map.queryRenderedFeatures({ layers: ['cells-locked'] }).some((f: any) => String(f.properties.code) === code),
      other,
      { timeout: 30_000, polling: 100 },
    );
    rev = String((await (await api.get(`/api/plans/${planId}`, auth)).json()).rev);
  });

  it('paints a unit from one half into the other with a click of the brush', async () => {
    const units = await areas('unit');
    const near = units.features
      .filter((u) => u.properties?.parent_code === newCode)
      .sort((a, b) => Math.abs(inside(a)[0] - grid.lineX) - Math.abs(inside(b)[0] - grid.lineX))
      .slice(0, 1);
    const tallies = async () => get<{ cells: { code: string; households: number }[] }>(`/api/plans/${planId}/check?codes=${grid.code},${newCode}`);
    const before = Object.fromEntries((await tallies()).cells.map((c) => [c.code, c.households]));
    // Both halves on screen: the brush works on what is drawn.
    await zoomTo(grid.code, newCode);
    await clickAt(inside(await cell(grid.code)));
    await page.click('button[data-control="paint"]');
    expect(await page.getAttribute('button[data-control="paint"]', 'aria-pressed')).toBe('true');
    // A click paints the unit under the pointer.
    await clickAt(inside(near[0]));
    rev = await nextRevision(page, rev);
    const after = await areas('unit');
    const moved = after.features.filter((u) => u.properties?.parent_code === grid.code && units.features.find((b) => b.properties?.code === u.properties?.code)?.properties?.parent_code !== grid.code);
    expect(moved.map((u) => u.properties?.code)).toEqual([near[0].properties?.code]);
    const now = Object.fromEntries((await tallies()).cells.map((c) => [c.code, c.households]));
    expect(now[grid.code]).toBeGreaterThanOrEqual(before[grid.code]);
    expect(now[grid.code] + now[newCode]).toBe(before[grid.code] + before[newCode]);
    const panel = await page.$$eval('#tally tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-code')));
    expect(panel).toEqual(expect.arrayContaining([grid.code, newCode]));

    // The paint tool stays on for the next stroke.
    expect(await page.getAttribute('button[data-control="paint"]', 'aria-pressed')).toBe('true');
    await idle(page);
    await shot('paint');
    await page.click('button[data-control="cancel"]');
    expect(errors).toEqual([]);
  });

  // A fast stroke (12 pointer moves in a few milliseconds): the brush tests outlines, not tiles.
  it('paints the units a brush stroke passes over (drag)', async () => {
    await page.click('button[data-control="paint"]');
    const after = await areas('unit');
    // Press on one unit of the other half, drag to its neighbour, release.
    const left = after.features.filter((u) => u.properties?.parent_code === newCode);
    const [first] = left.sort((a, b) => Math.abs(inside(a)[0] - grid.lineX) - Math.abs(inside(b)[0] - grid.lineX));
    const second = left
      .filter((u) => u !== first)
      .sort((a, b) => Math.hypot(inside(a)[0] - inside(first)[0], inside(a)[1] - inside(first)[1]) - Math.hypot(inside(b)[0] - inside(first)[0], inside(b)[1] - inside(first)[1]))[0];
    const a = await toScreen(page, inside(first));
    const b = await toScreen(page, inside(second));
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move(b.x, b.y, { steps: 12 });
    await page.mouse.up();
    rev = await nextRevision(page, rev);
    const parents = new Map((await areas('unit')).features.map((u) => [u.properties?.code, u.properties?.parent_code]));
    expect([parents.get(first.properties?.code), parents.get(second.properties?.code)]).toEqual([grid.code, grid.code]);
    await page.click('button[data-control="cancel"]');
  });

  it('compares the draft with the published tree: changed cells and what would move', async () => {
    await page.click('button[data-control="diff"]');
    await page.waitForSelector('#diff section[data-moves="households"]');
    const diff = await get<{ totals: { households: number } }>(`/api/plans/${planId}/diff`);
    expect(diff.totals.households).toBeGreaterThan(0);
    expect(await page.textContent('#diff section[data-moves="households"] h4')).toContain(String(diff.totals.households));
    expect(await page.locator('#diff section[data-moves="households"] li').count()).toBeGreaterThan(0);
    await idle(page);
    expect(await rendered(page, 'diff-line')).toEqual(expect.arrayContaining([grid.code, newCode]));
    await shot('diff');
  });

  it('publishes with a reason, and the one-map shows the new version', async () => {
    await page.click('button[data-control="publish"]');
    await page.fill('#publish-dialog textarea', '东苑社区网格调整：拆分户数过多的网格');
    await page.click('#publish-dialog button[value="publish"]');
    await page.waitForSelector('#published', { timeout: 60_000 });
    const version = await page.getAttribute('body', 'data-published');
    expect(await page.textContent('#published')).toContain(`${version}`);
    expect(await page.textContent('#plan .plan-status')).toBe('已发布');
    expect(await page.isDisabled('button[data-control="split"]')).toBe(true);
    await shot('published');

    const box = turfBbox(await cell(grid.code));
    const halves = turfBbox(await cell(newCode));
    await open(page, api.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 90_000 });
    await page.evaluate((b) => (window as any).gridMap.fitBbox(b, 15.5), [Math.min(box[0], halves[0]), Math.min(box[1], halves[1]), Math.max(box[2], halves[2]), Math.max(box[3], halves[3])]);
    await page.evaluate((code) => (window as any).gridMap.select({ code, level: 'grid' }), newCode);
    await mapIdle(page, 'gridMap');
    expect(await rendered(page, 'grids-fill', 'code', 'gridMap')).toEqual(expect.arrayContaining([grid.code, newCode]));
    expect(await rendered(page, 'grids-selected', 'code', 'gridMap')).toEqual([newCode]);
    expect((await get<{ name: string }>(`/api/areas/${newCode}`)).name).toBe('东苑新网格');
    await page.screenshot({ path: path.join(artifactsDir, 'planner-one-map.png') });
    expect(errors).toEqual([]);
  });
});
