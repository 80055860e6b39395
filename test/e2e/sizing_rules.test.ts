import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/test_server.ts';
import { mapIdle } from '../helpers/map_page.ts';
import { artifactsDir, browserMissing, launchBrowser, pageOpened, signIn, type TestBrowser } from '../helpers/browser.ts';
import { classColour, deviationClass } from '../../web/sizing/deviation_style.ts';

const opened = (page: Page) => pageOpened(page, 'the analyst view');

const GRID = '#rules [data-key="grid/*"]';
const bound = (b: 'min' | 'max') => `${GRID} input[data-limit="households"][data-bound="${b}"]`;

/** The colour the map's grid fill gives `code` (the match expression the view set on the layer). */
async function fillOf(page: Page, code: string): Promise<string> {
  return page.evaluate((c) => {
    const e = (window as any).gridMap.map.getPaintProperty('grids-fill', 'fill-color') as unknown[];
    const i = e.indexOf(c, 2);
    return String(i > 0 ? e[i + 1] : e.at(-1));
  }, code);
}

describe.skipIf(browserMissing())('the sizing rules panel of the analyst view (规模标准)', () => {
  let t: TestDb;
  let api: TestServer;
  let browser: TestBrowser;
  let page: Page;
  let errors: string[];
  let town: string;
  let original: any;
  let before: any;
  const rules = async () => (await (await api.get('/api/sizing/rules')).json()).rules;
  const sizing = async () => (await api.get(`/api/sizing?root=${town}&level=grid`)).json();

  beforeAll(async () => {
    t = await createTestDb('demo');
    api = await startTestServer(t.db);
    [{ code: town }] = await t.db.query<{ code: string }>(`select code from area where level = 'town' order by code limit 1`);
    original = await rules();
    before = await sizing();
    const admin = await api.userWith('admin', null);
    browser = await launchBrowser();
    ({ page, errors } = await browser.newPage());
    await signIn(page, api.url, admin.username, TEST_PASSWORD);
    await page.goto(`${api.url}/sizing.html?area=${town}`);
    await opened(page);
  });
  afterAll(async () => {
    // Tidy: the rules as the file found them (the database is this file's own, but still).
    if (api && original) await api.request('/api/sizing/rules', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules: original }) });
    await browser?.close();
    await api?.close();
    await t?.drop();
  });

  it('shows the rules in force, and the band it shows is the one the histogram marks', async () => {
    expect(original).toContainEqual(expect.objectContaining({ level: 'grid', kind: '*', households: { min: 200, max: 400 } }));
    const grid = await page.textContent(GRID);
    expect(grid).toContain('网格 · 所有类型（默认）');
    expect(grid).toContain('户数 200–400 户');
    expect(grid).toContain('专职网格员 每个网格 1 名');
    expect(grid).toContain('专属网格：豁免');
    expect(await page.textContent('#rules [data-key="community/*"]')).toContain('社区工作者 每万人 18 名');
    // The rule marked as the report's is the one whose band the histogram draws.
    expect(await page.getAttribute(GRID, 'class')).toContain('used');
    const shown = await page.textContent(`${GRID} [data-limit="households"]`);
    expect(shown).toBe(`户数 ${await page.textContent('#histogram .band-label')} 户`);
    expect(await page.locator('#rules button[data-action="edit"]').count()).toBe(1);
    expect(await page.locator('#rules-note').count()).toBe(0);
    await page.screenshot({ path: path.join(artifactsDir, 'sizing-rules-view.png') });
    expect(errors).toEqual([]);
  });

  it('lets an administrator narrow the band to 250–400: the report, histogram, table and map follow without a page load', async () => {
    // Only meaningful if some base grid holds 200–249 households: it falls out of the band.
    const moving = before.cells.filter((c: any) => c.status === 'within' && c.kind === 'base' && c.households < 250);
    expect(moving.length).toBeGreaterThan(0);
    await page.evaluate(() => ((window as any).notReloaded = true)); // gone if the page loads again
    await page.click('#rules button[data-action="edit"]');
    await page.fill(bound('min'), '250');
    const put = page.waitForResponse((r) => r.url().endsWith('/api/sizing/rules') && r.request().method() === 'PUT');
    await page.click('#rules button[data-action="save"]');
    expect((await put).status()).toBe(200);
    await page.waitForSelector('body[data-reloaded="1"]');
    await page.waitForSelector('#rules-message.ok');

    expect(await rules()).toContainEqual(expect.objectContaining({ level: 'grid', kind: '*', households: { min: 250, max: 400 } }));
    const after = await sizing();
    expect(after.summary.under).toBe(before.summary.under + moving.length);
    expect(await page.evaluate(() => (window as any).notReloaded)).toBe(true);
    // The breach counts on the page are the API's, not the old ones.
    const townRow = after.rollups.find((r: any) => r.level === 'town');
    expect(Number(await page.textContent('#rollups tr[data-level="town"] td.under'))).toBe(townRow.under);
    expect(await page.locator('#cells tr.under').count()).toBe(after.summary.under);
    expect(await page.locator('#cells tr.over').count()).toBe(after.summary.over);
    expect(await page.textContent('#summary')).toContain(`${after.summary.under} 个不足`);
    expect(await page.textContent('#summary')).toContain('250–400');
    // The histogram marks the band the panel shows.
    expect(await page.textContent('#histogram .band-label')).toBe('250–400');
    expect(await page.textContent(`${GRID} [data-limit="households"]`)).toBe('户数 250–400 户');
    // The map paints a grid that left the band as under it, as the new report says.
    const cell = after.cells.find((c: any) => c.code === moving[0].code);
    expect(cell.status).toBe('under');
    expect(await fillOf(page, cell.code)).toBe(classColour(deviationClass(cell)));
    expect(await fillOf(page, cell.code)).not.toBe(classColour(deviationClass(moving[0])));
    await mapIdle(page);
    await page.screenshot({ path: path.join(artifactsDir, 'sizing-rules-saved.png') });
    expect(errors).toEqual([]);
  });

  it('shows the server’s problem beside a band the wrong way round, and saves nothing', async () => {
    const stored = await rules();
    await page.click('#rules button[data-action="edit"]');
    await page.fill(bound('min'), '500');
    await page.fill(bound('max'), '400');
    const put = page.waitForResponse((r) => r.url().endsWith('/api/sizing/rules') && r.request().method() === 'PUT');
    await page.click('#rules button[data-action="save"]');
    const res = await put;
    expect(res.status()).toBe(400);
    const served = (await res.json()).problems as { field: string; problem: string }[];
    // The problem sits in the households band of the grid rule, in the server's words (glossed in zh-CN).
    const problem = page.locator(`${GRID} .limit[data-field$=".households"] .field-problem`);
    await problem.waitFor();
    expect(served).toHaveLength(1);
    expect(served[0].field).toBe(await problem.getAttribute('data-problem-for'));
    expect(await problem.textContent()).toBe(`下限不能大于上限 （${served[0].problem}）`);
    expect(await page.textContent('#rules-message')).toContain('未保存');
    expect(await page.getAttribute('#rules', 'data-mode')).toBe('edit');
    await page.screenshot({ path: path.join(artifactsDir, 'sizing-rules-problem.png') });
    expect(await rules()).toEqual(stored);
    // Cancel puts the form back to the rules in force.
    await page.click('#rules button[data-action="cancel"]');
    expect(await page.getAttribute('#rules', 'data-mode')).toBe('view');
    expect(await page.textContent(`${GRID} [data-limit="households"]`)).toBe('户数 250–400 户');
    // The browser logs the refused PUT itself; nothing else went wrong.
    expect(errors).toEqual([expect.stringContaining('status of 400')]);
    errors.length = 0;
  });

  it('adds and removes limits and rules, toggles the exemption, and sends the whole set', async () => {
    await page.click('#rules button[data-action="edit"]');
    // A ceiling on people for base grids; the grid-worker ratio removed; dedicated grids checked too.
    await page.selectOption(`${GRID} select[data-add-limit]`, 'people');
    await page.fill(`${GRID} input[data-limit="people"][data-bound="max"]`, '1500');
    await page.click(`${GRID} button[data-action="remove-limit"][data-limit="grid_workers_per_grid"]`);
    await page.uncheck(`${GRID} input[data-exempt]`);
    // A rule of its own for school grids, and the community rule removed.
    await page.fill('#rules input[data-new="level"]', 'grid');
    await page.selectOption('#rules select[data-new="kind"]', 'school');
    await page.click('#rules button[data-action="add-rule"]');
    await page.selectOption('#rules [data-key="grid/school"] select[data-add-limit]', 'households');
    await page.fill('#rules [data-key="grid/school"] input[data-limit="households"][data-bound="max"]', '150');
    await page.click('#rules [data-key="community/*"] button[data-action="remove-rule"]');
    await page.click('#rules button[data-action="save"]');
    await page.waitForSelector('body[data-reloaded="2"]');

    const none = { min: null, max: null };
    const saved = await rules();
    expect(saved).toHaveLength(2);
    expect(saved).toContainEqual({
      level: 'grid', kind: '*', households: { min: 250, max: 400 }, people: { min: null, max: 1500 }, floating: none, facilities: none,
      events_per_month: none, community_workers_per_10k: null, grid_workers_per_grid: null, exempt_dedicated: false,
    });
    expect(saved).toContainEqual(expect.objectContaining({ level: 'grid', kind: 'school', households: { min: null, max: 150 } }));
    const grid = await page.textContent(GRID);
    expect(grid).toContain('人口 至多 1500 人');
    expect(grid).toContain('专属网格：同样核查');
    expect(grid).not.toContain('专职网格员');
    expect(await page.textContent('#rules [data-key="grid/school"]')).toContain('户数 至多 150 户');
    expect(await page.locator('#rules [data-key="community/*"]').count()).toBe(0);
    // Dedicated grids are no longer exempt: the report (and the page) now checks them.
    const after = await sizing();
    expect(after.summary.exempt).toBe(0);
    expect(await page.textContent('#summary')).toContain('0 个专属网格不适用');
    expect(errors).toEqual([]);
  });

  it('refuses a repeated rule with the server’s words at that rule', async () => {
    const stored = await rules();
    await page.click('#rules button[data-action="edit"]');
    await page.selectOption('#rules select[data-new="kind"]', 'school');
    await page.click('#rules button[data-action="add-rule"]');
    const again = page.locator('#rules .rule-edit[data-key="grid/school"]').last();
    await again.locator('select[data-add-limit]').selectOption('households');
    await again.locator('input[data-bound="min"]').fill('10');
    await page.click('#rules button[data-action="save"]');
    await again.locator('.field-problem').waitFor();
    const text = await again.locator('.field-problem').textContent();
    expect(text).toMatch(/a second rule for level "grid" and kind "school"/);
    expect(text).toContain('网格 · 学校 已有一条标准');
    expect(await rules()).toEqual(stored);
    await page.click('#rules button[data-action="cancel"]');
    expect(errors).toEqual([expect.stringContaining('status of 400')]);
    errors.length = 0;
  });

  it('refuses a save made on rules another administrator changed meanwhile, and shows theirs to edit again', async () => {
    const isGridDefault = (r: { level: string; kind: string }) => r.level === 'grid' && r.kind === '*';
    await page.click('#rules button[data-action="edit"]');
    await page.fill(bound('max'), '390');
    // Another administrator saves first, on the rules in force.
    const current = await api.get('/api/sizing/rules');
    const theirs = ((await current.json()).rules as any[]).map((r) => (isGridDefault(r) ? { ...r, households: { ...r.households, max: 410 } } : r));
    const other = await api.request('/api/sizing/rules', { method: 'PUT', headers: { 'content-type': 'application/json', 'if-match': current.headers.get('etag')! }, body: JSON.stringify({ rules: theirs }) });
    expect(other.status).toBe(200);

    const put = page.waitForResponse((r) => r.url().endsWith('/api/sizing/rules') && r.request().method() === 'PUT');
    await page.click('#rules button[data-action="save"]');
    expect((await put).status()).toBe(409);
    await page.waitForSelector('#rules[data-mode="view"]');
    expect(await page.textContent('#rules-message')).toContain('已被其他管理员修改');
    expect(await page.textContent(`${GRID} [data-limit="households"]`)).toMatch(/–410 户$/);
    expect((await rules()).find(isGridDefault).households.max).toBe(410); // theirs stands, nothing of this one was written
    // Made again on their rules, the save goes through.
    await page.click('#rules button[data-action="edit"]');
    await page.fill(bound('max'), '400');
    const again = page.waitForResponse((r) => r.url().endsWith('/api/sizing/rules') && r.request().method() === 'PUT');
    await page.click('#rules button[data-action="save"]');
    expect((await again).status()).toBe(200);
    expect((await rules()).find(isGridDefault).households.max).toBe(400);
    expect(errors).toEqual([expect.stringContaining('status of 409')]);
    errors.length = 0;
  });

  it('is read-only for an analyst, with a note that an administrator changes the rules', async () => {
    const analyst = await api.userWith('analyst', town);
    const other = await browser.newPage();
    await signIn(other.page, api.url, analyst.username, TEST_PASSWORD);
    await other.page.goto(`${api.url}/sizing.html?area=${town}`);
    await opened(other.page);
    expect(await other.page.locator('#rules button').count()).toBe(0);
    expect(await other.page.textContent('#rules-note')).toBe('规模标准由管理员修改');
    expect(await other.page.textContent(GRID)).toContain('户数 250–400 户');
    // And the server agrees: an analyst's PUT is refused.
    const res = await api.request('/api/sizing/rules', { method: 'PUT', headers: { authorization: analyst.authorization, 'content-type': 'application/json' }, body: JSON.stringify({ rules: original }) });
    expect(res.status).toBe(403);
    await other.page.click('#lang');
    expect(await other.page.textContent('#rules h3')).toBe('Sizing rules');
    expect(await other.page.textContent(GRID)).toContain('Households 250–400 households');
    expect(await other.page.textContent('#rules-note')).toBe('An administrator changes the sizing rules');
    await other.page.screenshot({ path: path.join(artifactsDir, 'sizing-rules-analyst-en.png') });
    await other.page.click('#lang'); // the choice is remembered: leave zh-CN for the other tests
    expect(other.errors).toEqual([]);
  }, 150_000); // a second page opens the map: a loaded machine takes its time

  it('puts the rules back through the panel’s API and the report returns to 200–400', async () => {
    const res = await api.request('/api/sizing/rules', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules: original }) });
    expect(res.status).toBe(200);
    expect(await rules()).toEqual(original);
    expect((await sizing()).summary).toEqual(before.summary);
  });
});
