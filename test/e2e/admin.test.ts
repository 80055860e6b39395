import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/test_server.ts';
import { artifactsDir, browserMissing, launchBrowser, pageOpened, signIn, type TestBrowser } from '../helpers/browser.ts';

/** Waits for the administration page to open as `expected` (a non-administrator's says forbidden). */
async function opened(page: Page, expected: 'true' | 'forbidden'): Promise<void> {
  const ready = await pageOpened(page, 'the administration page');
  if (ready !== expected) throw new Error(`the administration page opened as ${ready}: ${await page.textContent('#status')}`);
}

/** Picks an area in the panel's form `form` by typing `q` and clicking the result with `code`. */
async function pickArea(page: Page, form: string, q: string, code: string): Promise<void> {
  await page.fill(`form[data-form="${form}"] input[name=area_search]`, q);
  await page.click(`form[data-form="${form}"] .area-results li[data-code="${code}"]`);
}

const NEW_USER = 'e2e.worker';

describe.skipIf(browserMissing())('the administrators’ page (系统管理) in headless Chromium', () => {
  let t: TestDb;
  let api: TestServer;
  let browser: TestBrowser;
  let page: Page;
  let errors: string[];
  let admin: string;
  let grid: { code: string; name: string };
  let community: { code: string; name: string };
  const userNow = async () => (await (await api.get(`/api/users/${NEW_USER}`)).json()) as { disabled: boolean; display_name: string; grants: { id: number; role: string; area_code: string | null }[] };

  beforeAll(async () => {
    t = await createTestDb('demo');
    api = await startTestServer(t.db);
    admin = (await api.userWith('admin', null)).username;
    [grid] = await t.db.query<{ code: string; name: string }>(`select code, name from area where level = 'grid' order by code limit 1`);
    [community] = await t.db.query<{ code: string; name: string }>(`select p.code, p.name from area g join area p on p.id = g.parent_id where g.code = $1::text`, [grid.code]);
    browser = await launchBrowser();
    ({ page, errors } = await browser.newPage());
    await signIn(page, api.url, admin, TEST_PASSWORD);
    await page.goto(`${api.url}/admin.html`);
    await opened(page, 'true');
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await t?.drop();
  });

  it('lists the users with their roles at named areas, and no password hashes anywhere', async () => {
    const listed = await page.locator('#user-table tr[data-user]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.user));
    const users = (await (await api.get('/api/users')).json()) as { username: string }[];
    expect(listed).toEqual(users.map((u) => u.username));
    expect(await page.textContent(`#user-table tr[data-user="${admin}"] .grants`)).toBe('管理员 @ 全域');
    expect(JSON.stringify(users)).not.toMatch(/password|argon2/i);
    // The nav shows an administrator the page, marked as the current one.
    await page.waitForSelector('#nav .nav-user');
    expect(await page.textContent('#nav a[aria-current="page"]')).toBe('系统管理');
  });

  it('creates a grid worker at a grid, naming the field the server refused first', async () => {
    await page.click('#new-user');
    await page.fill('form[data-form="create"] input[name=username]', NEW_USER);
    await page.fill('form[data-form="create"] input[name=display_name]', '测试网格员');
    await page.fill('form[data-form="create"] input[name=password]', 'short');
    await page.selectOption('form[data-form="create"] select[name=role]', 'grid_worker');
    // No area chosen: said beside the area before anything is sent.
    await page.click('form[data-form="create"] button[type=submit]');
    expect(await page.textContent('form[data-form="create"] .problem[data-field="area_code"]')).toContain('请选择区域');
    await pickArea(page, 'create', grid.name, grid.code);
    await page.click('form[data-form="create"] button[type=submit]');
    // The password policy is the server's: its refusal names the reason, which the page says in Chinese beside the
    // password field, and nothing was created.
    await page.waitForSelector('form[data-form="create"] .problem[data-field="password"]:not([hidden])');
    expect(await page.textContent('form[data-form="create"] .problem[data-field="password"]')).toMatch(/至少需要 8 个字符/);
    await page.fill('form[data-form="create"] input[name=password]', '12345678');
    await page.click('form[data-form="create"] button[type=submit]');
    await page.waitForFunction(() => /最常被猜中/.test(document.querySelector('form[data-form="create"] .problem[data-field="password"]')?.textContent ?? ''));
    expect((await api.get(`/api/users/${NEW_USER}`)).status).toBe(404);
    // What was typed stays for the correction.
    expect(await page.inputValue('form[data-form="create"] input[name=username]')).toBe(NEW_USER);
    await page.screenshot({ path: path.join(artifactsDir, 'admin_create_refused.png') });

    await page.fill('form[data-form="create"] input[name=password]', 'a long enough password');
    await pickArea(page, 'create', grid.name, grid.code);
    await page.click('form[data-form="create"] button[type=submit]');
    await page.waitForSelector(`#user-table tr[data-user="${NEW_USER}"].selected`);
    expect(await page.textContent(`#user-table tr[data-user="${NEW_USER}"] .grants`)).toBe(`网格员 @ ${grid.name} · ${grid.code}`);
    expect(await page.textContent('#user-panel h2')).toContain(NEW_USER);
    const created = await userNow();
    expect(created).toMatchObject({ display_name: '测试网格员', disabled: false, grants: [{ role: 'grid_worker', area_code: grid.code }] });
    const login = await api.post('/api/auth/login', { username: NEW_USER, password: 'a long enough password' }, { authorization: '' });
    expect(login.status).toBe(200);

    // The same name again: the 409 is said beside the user name.
    await page.click('#new-user');
    await page.fill('form[data-form="create"] input[name=username]', NEW_USER);
    await page.fill('form[data-form="create"] input[name=password]', 'another long password');
    await page.check('form[data-form="create"] input[name=everywhere]');
    await page.selectOption('form[data-form="create"] select[name=role]', 'viewer');
    await page.click('form[data-form="create"] button[type=submit]');
    await page.waitForSelector('form[data-form="create"] .problem[data-field="username"]:not([hidden])');
    expect(await page.textContent('form[data-form="create"] .problem[data-field="username"]')).toContain('该用户名已存在');
    await page.click(`#user-table tr[data-user="${NEW_USER}"]`);
    await page.screenshot({ path: path.join(artifactsDir, 'admin_users.png') });
  });

  it('grants a second role at a community found by code, revokes it after asking, and changes the name', async () => {
    await page.selectOption('form[data-form="grant"] select[name=role]', 'dispatcher');
    await pickArea(page, 'grant', community.code, community.code);
    await page.click('form[data-form="grant"] button[type=submit]');
    await page.waitForFunction(() => document.querySelectorAll('#user-panel ul.grants li[data-grant]').length === 2);
    const granted = await userNow();
    expect(granted.grants.map((g) => [g.role, g.area_code])).toEqual([['grid_worker', grid.code], ['dispatcher', community.code]]);
    expect(await page.textContent(`#user-table tr[data-user="${NEW_USER}"] .grants`)).toContain(`调度员 @ ${community.name} · ${community.code}`);

    const second = granted.grants[1].id;
    await page.click(`[data-revoke="${second}"]`);
    expect(await page.textContent('.confirm')).toContain('撤销');
    expect((await userNow()).grants).toHaveLength(2); // asking writes nothing
    await page.screenshot({ path: path.join(artifactsDir, 'admin_revoke_confirm.png') });
    await page.click(`[data-revoke-yes="${second}"]`);
    await page.waitForFunction(() => document.querySelectorAll('#user-panel ul.grants li[data-grant]').length === 1);
    expect((await userNow()).grants.map((g) => g.role)).toEqual(['grid_worker']);

    await page.fill('form[data-form="name"] input[name=display_name]', '王网格');
    await page.click('form[data-form="name"] button[type=submit]');
    await page.waitForSelector('[data-note="name"].ok');
    expect((await userNow()).display_name).toBe('王网格');
  });

  it('resets a password (ending the user\'s sessions), signs them out everywhere, and disables them, whose sign-in is then refused', async () => {
    const signInAs = (password: string) => api.post('/api/auth/login', { username: NEW_USER, password }, { authorization: '' });
    const tokenOf = async (password: string) => ((await (await signInAs(password)).json()) as { token: string }).token;
    const me = async (token: string) => (await api.get('/api/auth/me', { authorization: `Bearer ${token}` })).status;
    const earlier = await tokenOf('a long enough password');
    expect(await me(earlier)).toBe(200);
    await page.fill('form[data-form="password"] input[name=password]', 'the new password');
    await page.click('form[data-form="password"] button[type=submit]');
    await page.waitForSelector('[data-note="password"].ok');
    expect(await me(earlier)).toBe(401); // a token from before the reset is void
    expect((await signInAs('a long enough password')).status).toBe(401);
    expect((await signInAs('the new password')).status).toBe(200);

    await page.click('[data-disable]');
    await page.click('[data-disable-yes]');
    await page.waitForSelector(`#user-table tr[data-user="${NEW_USER}"].disabled`);
    expect(await page.textContent('#user-panel .badge')).toBe('已停用');
    expect((await userNow()).disabled).toBe(true);
    expect((await signInAs('the new password')).status).toBe(401);
    // Your own account cannot be disabled from here.
    await page.click(`#user-table tr[data-user="${admin}"]`);
    expect(await page.isDisabled('[data-disable]')).toBe(true);
    await page.click(`#user-table tr[data-user="${NEW_USER}"]`);
    await page.click('[data-enable]');
    await page.waitForSelector(`#user-table tr[data-user="${NEW_USER}"]:not(.disabled)`);
    const session = await tokenOf('the new password');
    expect(await me(session)).toBe(200);
    // Sign out everywhere: the session ends, the password stays.
    await page.click('[data-sign-out]');
    // (the note of the enabling is still there until the sign-out's replaces it)
    await page.locator('[data-note="state"].ok', { hasText: '所有登录均已失效' }).waitFor();
    expect(await me(session)).toBe(401);
    expect((await signInAs('the new password')).status).toBe(200);
    await page.click('[data-disable]');
    await page.click('[data-disable-yes]');
    await page.waitForSelector(`#user-table tr[data-user="${NEW_USER}"].disabled`);
  });

  it('shows these changes in the audit log by who, with each row’s before and after', async () => {
    await page.click('#tabs [data-tab="audit"]');
    await page.fill('form[data-form="audit"] input[name=who]', admin);
    await page.click('form[data-form="audit"] button[type=submit]');
    await page.waitForSelector('#audit-foot[data-state="done"]');
    const entries = (await (await api.get(`/api/audit?who=${admin}&limit=1000`)).json()) as { id: number; action: string; entity_id: string; at: string }[];
    const mine = entries.filter((e) => e.entity_id === NEW_USER).map((e) => e.action);
    // Newest first (here oldest first): create, grant, revoke, name, password, disable, enable, sign out, disable.
    expect(mine).toEqual(['user.update', 'user.update', 'user.update', 'user.update', 'user.update', 'user.update', 'user.revoke', 'user.grant', 'user.create']);
    const shown = await page.locator('#audit-table tr[data-audit]').evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.audit)));
    expect(shown).toEqual(entries.map((e) => e.id));
    const actors = await page.locator('#audit-table tr[data-audit] td:nth-child(2)').allTextContents();
    expect(new Set(actors)).toEqual(new Set([admin]));
    expect(await page.textContent(`#audit-table tr[data-audit="${entries[0].id}"] td.time`)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

    // The latest entry is the disable: its changes say disabled false → true and nothing else of the user.
    await page.click(`#audit-table tr[data-audit="${entries[0].id}"] td.time`);
    const diff = page.locator(`#audit-table tr[data-changes="${entries[0].id}"] table.diff tbody tr`);
    const rows = await diff.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows).toEqual([['disabled', 'false', 'true']]);
    // The revocation: the grant that was removed.
    const revoke = entries.find((e) => e.action === 'user.revoke')!;
    await page.click(`#audit-table tr[data-audit="${revoke.id}"] td.time`);
    const revoked = await page.locator(`#audit-table tr[data-changes="${revoke.id}"] table.diff tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(revoked).toContainEqual(['role', 'dispatcher', '']);
    expect(revoked).toContainEqual(['area_code', community.code, '']);
    expect(await page.textContent(`#audit-table tr[data-audit="${revoke.id}"]`)).toContain(`${community.name} · ${community.code}`);
    expect(await page.textContent(`#audit-table tr[data-audit="${revoke.id}"] td:nth-child(4)`)).toBe(`用户 · ${NEW_USER}`);
    await page.screenshot({ path: path.join(artifactsDir, 'admin_audit.png') });
    // The user an entry is about opens on the users tab.
    await page.click(`#audit-table tr[data-audit="${revoke.id}"] [data-open-user]`);
    await page.waitForSelector(`#user-panel [data-user-panel="${NEW_USER}"]`);
    expect(await page.isVisible('#audit-view')).toBe(false);
    await page.click('#tabs [data-tab="audit"]');
    expect(await page.locator('#audit-table tr[data-audit]').count()).toBe(entries.length);
  });

  it('pages the log further back with "load more", each entry once, newest first', async () => {
    // 60 more entries by this admin: more than one page of 50.
    for (let i = 0; i < 60; i++) {
      const res = await api.request(`/api/users/${NEW_USER}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ display_name: `名字${i}` }) });
      expect(res.status).toBe(200);
    }
    await page.click('form[data-form="audit"] button[type=submit]');
    await page.waitForSelector('#audit-foot[data-state="more"]');
    expect(await page.locator('#audit-table tr[data-audit]').count()).toBe(50);
    await page.click('#audit-foot [data-more]');
    await page.waitForSelector('#audit-foot[data-state="done"]');
    const shown = await page.locator('#audit-table tr[data-audit]').evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.audit)));
    const entries = (await (await api.get(`/api/audit?who=${admin}&limit=1000`)).json()) as { id: number }[];
    expect(shown).toEqual(entries.map((e) => e.id));
    expect(shown.length).toBeGreaterThan(60);
    // A filter by action: only grants.
    await page.fill('form[data-form="audit"] input[name=what]', 'user.grant');
    await page.click('form[data-form="audit"] button[type=submit]');
    await page.waitForSelector('#audit-foot[data-state="done"]');
    expect(await page.locator('#audit-table tr[data-audit] td:nth-child(3)').allTextContents()).toEqual(['授予角色']);
    // A filter by area, found by part of its name: the field offers the community by code.
    await page.fill('form[data-form="audit"] input[name=what]', '');
    await page.fill('form[data-form="audit"] input[name=area]', community.name.slice(0, 3));
    await page.waitForFunction((code) => [...document.querySelectorAll('#audit-areas option')].some((o) => (o as HTMLOptionElement).value === code), community.code);
    await page.fill('form[data-form="audit"] input[name=area]', community.code);
    await page.click('form[data-form="audit"] button[type=submit]');
    await page.waitForSelector('#audit-foot[data-state="done"]');
    const inArea = (await (await api.get(`/api/audit?who=${admin}&area=${community.code}&limit=1000`)).json()) as { id: number }[];
    expect(inArea.length).toBeGreaterThan(0); // the grant and the revoke at the community
    expect(await page.locator('#audit-table tr[data-audit]').evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.audit)))).toEqual(inArea.map((e) => e.id));
    await page.fill('form[data-form="audit"] input[name=area]', '');
    // A day range that ends before today holds nothing.
    await page.fill('form[data-form="audit"] input[name=what]', '');
    await page.fill('form[data-form="audit"] input[name=from]', '2020-01-01');
    await page.fill('form[data-form="audit"] input[name=to]', '2020-01-31');
    await page.click('form[data-form="audit"] button[type=submit]');
    await page.waitForSelector('#audit-foot[data-state="done"]');
    expect(await page.locator('#audit-table tr[data-audit]').count()).toBe(0);
    expect(await page.textContent('#audit-table')).toContain('没有符合条件的记录');
  });

  it('switches to English and back', async () => {
    await page.click('#lang');
    expect(await page.textContent('#tabs [data-tab="users"]')).toBe('Users');
    expect(await page.textContent('#audit-foot')).toMatch(/No earlier entries/);
    await page.click('#tabs [data-tab="users"]');
    expect(await page.textContent(`#user-table tr[data-user="${NEW_USER}"] .grants`)).toBe(`Grid worker @ ${grid.name} · ${grid.code}`);
    await page.screenshot({ path: path.join(artifactsDir, 'admin_users_en.png') });
    await page.click('#lang');
    expect(await page.textContent('#tabs [data-tab="users"]')).toBe('用户');
    // The browser logs the refusals the page was made to meet from the server (two weak passwords,
    // then the taken name); nothing else.
    expect(errors).toEqual([expect.stringMatching(/status of 400/), expect.stringMatching(/status of 400/), expect.stringMatching(/status of 409/)]);
  });

  it('tells a viewer they have no access, shows no data and no link to the page', async () => {
    const viewer = await api.userWith('viewer', community.code);
    const { page: other, errors: otherErrors } = await browser.newPage();
    await signIn(other, api.url, viewer.username, TEST_PASSWORD);
    await other.goto(`${api.url}/admin.html`);
    await opened(other, 'forbidden');
    expect(await other.textContent('#no-access')).toContain('无权访问');
    expect(await other.isVisible('#no-access')).toBe(true);
    expect(await other.isVisible('#users-view')).toBe(false);
    expect(await other.isVisible('#tabs')).toBe(false);
    expect(await other.locator('#user-table *').count()).toBe(0);
    expect(await other.locator('#audit-table *').count()).toBe(0);
    await other.waitForSelector('#nav .nav-user');
    expect(await other.locator('#nav a[href="/admin.html"]').count()).toBe(0);
    await other.screenshot({ path: path.join(artifactsDir, 'admin_no_access.png') });
    // The browser logs the 403 it was answered; nothing else went wrong.
    expect(otherErrors.filter((e) => !/403/.test(e))).toEqual([]);
    // On the map page the viewer has no link either, the admin has one.
    await other.goto(`${api.url}/sizing.html`);
    await other.waitForSelector('#nav .nav-user');
    expect(await other.locator('#nav a[href="/admin.html"]').count()).toBe(0);
    await other.close();
  });
});
