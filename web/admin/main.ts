import '../style.css';
import './admin.css';
import { currentLang, setLang } from '../i18n.ts';
import { esc, tryJson } from '../api.ts';
import { renderNav, whoAmI } from '../nav.ts';
import { mayAnywhere } from '../may.ts';
import { m } from './messages.ts';
import { UsersPage } from './users_page.ts';
import { AuditPage } from './audit_page.ts';
import { KeysPage } from './keys_page.ts';
import { km } from './keys_messages.ts';
import type { UserRow } from '../../server/db/queries/select_users.ts';

const $ = (id: string) => document.getElementById(id)!;

type Tab = 'users' | 'audit' | 'keys';
const tabFromHash = (): Tab => (location.hash === '#audit' ? 'audit' : location.hash === '#keys' ? 'keys' : 'users');

/** The administrators' page (系统管理): users and their roles, the audit log; and every user's own access keys. */
async function start(): Promise<void> {
  setLang(currentLang());
  let statusText = () => m('loading');
  let users: UsersPage | null = null;
  let audit: AuditPage | null = null;
  let keys: KeysPage | null = null;
  let tab: Tab = tabFromHash();
  const renderStatic = () => {
    $('title').textContent = m('title');
    document.title = `${m('title')}`;
    $('lang').textContent = currentLang() === 'zh-CN' ? 'English' : '中文';
    $('status').textContent = statusText();
    for (const b of document.querySelectorAll<HTMLElement>('#tabs [data-tab]')) {
      b.textContent = b.dataset.tab === 'keys' ? km('tab') : m(b.dataset.tab === 'users' ? 'tab.users' : 'tab.audit');
      b.setAttribute('aria-selected', String(b.dataset.tab === tab));
    }
    $('new-user').textContent = m('users.new');
    renderNav($('nav'), 'admin');
  };
  const showTab = (next: Tab) => {
    tab = next;
    history.replaceState(null, '', next === 'users' ? location.pathname + location.search : `#${next}`);
    $('users-view').hidden = tab !== 'users';
    $('audit-view').hidden = tab !== 'audit';
    $('keys-view').hidden = tab !== 'keys';
    renderStatic();
    if (tab === 'audit' && audit && !audit.loaded) void audit.load(true);
    if (tab === 'keys' && keys && !keys.loaded) void keys.load();
  };
  renderStatic();

  const me = await whoAmI();
  // A hash naming another tab (the no-access page's link to the keys) opens it.
  window.addEventListener('hashchange', () => (tabFromHash() === tab ? undefined : location.reload()));
  if (me && !mayAnywhere(me, 'users.manage') && tab === 'keys') {
    // Not an administrator: only their own access keys (the API refuses the rest).
    keys = new KeysPage($('keys'), me);
    statusText = () => km('tab');
    for (const b of document.querySelectorAll<HTMLElement>('#tabs [data-tab]')) b.hidden = b.dataset.tab !== 'keys';
    $('tabs').hidden = false;
    $('new-user').hidden = true;
    $('lang').addEventListener('click', () => {
      setLang(currentLang() === 'zh-CN' ? 'en' : 'zh-CN');
      renderStatic();
      keys!.render();
    });
    showTab('keys');
    await keys.load();
    document.body.dataset.ready = 'true';
    return;
  }
  const list = me && !mayAnywhere(me, 'users.manage') ? ({ data: null, why: '403 Forbidden' } as const) : await tryJson<UserRow[]>('/api/users');
  if (!list.data || !me) {
    // The API decides (403 for anyone without users.manage); the page shows nothing it was not given.
    const forbidden = list.why?.startsWith('403') ?? false;
    statusText = () => (forbidden ? m('noAccess') : m('error', { message: list.why ?? 'GET /api/auth/me failed' }));
    const noAccess = () => {
      $('no-access').innerHTML = forbidden ? `<h2>${esc(m('noAccess'))}</h2><p>${esc(m('noAccessHint'))}</p><p><a id="own-keys" href="#keys">${esc(km('own'))}</a></p>` : `<p class="error">${esc(statusText())}</p>`;
    };
    $('no-access').hidden = false;
    noAccess();
    $('lang').addEventListener('click', () => {
      setLang(currentLang() === 'zh-CN' ? 'en' : 'zh-CN');
      renderStatic();
      noAccess();
    });
    renderStatic();
    document.body.dataset.ready = forbidden ? 'forbidden' : 'error';
    return;
  }

  users = new UsersPage($('user-table'), $('user-panel'), $('user-filter') as HTMLInputElement, list.data, me.username, () => {
    if (audit) audit.loaded = false;
    statusText = () => m('ready', { users: users!.count });
    renderStatic();
  });
  audit = new AuditPage($('audit-filters'), $('audit-table'), $('audit-foot'), () => users!.usernames(), (username) => {
    showTab('users');
    users!.select(username);
  });
  keys = new KeysPage($('keys'), me);
  statusText = () => m('ready', { users: users!.count });
  $('tabs').hidden = false;
  $('tabs').addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLElement>('[data-tab]');
    if (b) showTab(b.dataset.tab as Tab);
  });
  $('new-user').addEventListener('click', () => users!.openNew());
  $('lang').addEventListener('click', () => {
    setLang(currentLang() === 'zh-CN' ? 'en' : 'zh-CN');
    renderStatic();
    users!.render();
    audit!.render();
    keys!.render();
  });
  users.render();
  audit.render();
  showTab(tab);
  document.body.dataset.ready = 'true';
}

void start();
