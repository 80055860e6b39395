import '../style.css';
import './admin.css';
import { currentLang, setLang } from '../i18n.ts';
import { esc, tryJson } from '../api.ts';
import { renderNav, whoAmI } from '../nav.ts';
import { m } from './messages.ts';
import { UsersPage } from './users_page.ts';
import { AuditPage } from './audit_page.ts';
import type { UserRow } from '../../server/db/queries/select_users.ts';

const $ = (id: string) => document.getElementById(id)!;

type Tab = 'users' | 'audit';

/** The administrators' page (系统管理): users and their roles, and the audit log. */
async function start(): Promise<void> {
  setLang(currentLang());
  let statusText = () => m('loading');
  let users: UsersPage | null = null;
  let audit: AuditPage | null = null;
  let tab: Tab = location.hash === '#audit' ? 'audit' : 'users';
  const renderStatic = () => {
    $('title').textContent = m('title');
    document.title = `${m('title')}`;
    $('lang').textContent = currentLang() === 'zh-CN' ? 'English' : '中文';
    $('status').textContent = statusText();
    for (const b of document.querySelectorAll<HTMLElement>('#tabs [data-tab]')) {
      b.textContent = m(b.dataset.tab === 'users' ? 'tab.users' : 'tab.audit');
      b.setAttribute('aria-selected', String(b.dataset.tab === tab));
    }
    $('new-user').textContent = m('users.new');
    renderNav($('nav'), 'admin');
  };
  const showTab = (next: Tab) => {
    tab = next;
    history.replaceState(null, '', next === 'audit' ? '#audit' : location.pathname + location.search);
    $('users-view').hidden = tab !== 'users';
    $('audit-view').hidden = tab !== 'audit';
    renderStatic();
    if (tab === 'audit' && audit && !audit.loaded) void audit.load(true);
  };
  renderStatic();

  const [me, list] = await Promise.all([whoAmI(), tryJson<UserRow[]>('/api/users')]);
  if (!list.data || !me) {
    // The API decides (403 for anyone without users.manage); the page shows nothing it was not given.
    const forbidden = list.why?.startsWith('403') ?? false;
    statusText = () => (forbidden ? m('noAccess') : m('error', { message: list.why ?? 'GET /api/auth/me failed' }));
    const noAccess = () => {
      $('no-access').innerHTML = forbidden ? `<h2>${esc(m('noAccess'))}</h2><p>${esc(m('noAccessHint'))}</p>` : `<p class="error">${esc(statusText())}</p>`;
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
  });
  users.render();
  audit.render();
  showTab(tab);
  document.body.dataset.ready = 'true';
}

void start();
