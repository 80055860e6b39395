import { esc } from '../api.ts';
import { m } from './messages.ts';
import { grantText } from './grant_text.ts';
import { localTime } from './audit_query.ts';
import type { UserRow } from '../../server/db/queries/select_users.ts';

/**
 * The users whose user name, name, role or area contains `text` (any case); all for no text.
 *
 *   filterUsers(users, '青溪')  // → the users with a grant at an area named 青溪…
 */
export function filterUsers(users: UserRow[], text: string): UserRow[] {
  const q = text.trim().toLowerCase();
  if (!q) return users;
  return users.filter((u) =>
    [u.username, u.display_name, ...u.grants.flatMap((g) => [grantText(g), g.area_code ?? '', g.role])].some((s) => s.toLowerCase().includes(q)),
  );
}

/** The users table: one row a user, each grant on a line of its own; a click on a row selects the user. */
export function userTableHtml(users: UserRow[], selected: string | null): string {
  if (!users.length) return `<p class="muted">${esc(m('users.none'))}</p>`;
  const rows = users.map((u) => {
    const grants = u.grants.length ? u.grants.map((g) => `<div>${esc(grantText(g))}</div>`).join('') : `<span class="muted">${esc(m('noGrants'))}</span>`;
    const cls = [u.username === selected ? 'selected' : '', u.disabled ? 'disabled' : ''].filter(Boolean).join(' ');
    return `<tr data-user="${esc(u.username)}" class="${cls}">
      <td class="code">${esc(u.username)}</td><td>${esc(u.display_name)}</td>
      <td class="state">${esc(u.disabled ? m('disabled') : m('enabled'))}</td>
      <td class="grants">${grants}</td><td class="time">${esc(localTime(u.created_at))}</td></tr>`;
  });
  return `<table class="admin users"><thead><tr><th>${esc(m('col.username'))}</th><th>${esc(m('col.displayName'))}</th><th>${esc(m('col.state'))}</th>
    <th>${esc(m('col.grants'))}</th><th>${esc(m('col.created'))}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
