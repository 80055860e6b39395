import { esc } from '../api.ts';
import { m, mValue } from './messages.ts';
import { grantText } from './grant_text.ts';
import type { FormProblems } from './form_problems.ts';
import type { Role } from '../../server/domain/access/permissions.ts';
import type { UserRow } from '../../server/db/queries/select_users.ts';

/** What the panel says after a write: which form, success, or the server's problems by field. */
export interface PanelNote {
  form: 'create' | 'name' | 'password' | 'state' | 'grant' | 'revoke';
  /** Success, said in the language of the moment (the note outlives a language switch). */
  ok?: () => string;
  problems?: FormProblems;
}

/** A confirmation the panel is asking for before a destructive write. */
export type PanelConfirm = { kind: 'revoke'; grantId: number } | { kind: 'disable' } | null;

const problemOf = (note: PanelNote | null, form: PanelNote['form'], field: string) => {
  const text = note?.form === form ? note.problems?.byField[field] : undefined;
  return `<span class="problem" data-field="${field}"${text ? '' : ' hidden'}>${esc(text ?? '')}</span>`;
};

// Inside a form, the note sits in .form-note so that a refusal can be shown there without redrawing the form.
const noteOf = (note: PanelNote | null, form: PanelNote['form']) => {
  const inner = () => {
    if (note?.form !== form) return '';
    if (note.ok) return `<p class="ok" data-note="${form}">${esc(note.ok())}</p>`;
    const general = note.problems?.general ?? [];
    return general.length ? `<p class="error" data-note="${form}">${general.map(esc).join('<br>')}</p>` : '';
  };
  return `<div class="form-note">${inner()}</div>`;
};

// The roles a grant may name, in the order the form offers them. A type-only import keeps the
// server's code out of the bundle; the check below fails to compile if the server's roles change.
const ROLE_CHOICES = ['admin', 'planner', 'dispatcher', 'grid_worker', 'analyst', 'viewer'] as const satisfies readonly Role[];
const everyRoleOffered: Exclude<Role, (typeof ROLE_CHOICES)[number]> extends never ? true : never = true;
void everyRoleOffered;

const roleSelect = () =>
  `<select name="role">${ROLE_CHOICES.map((r) => `<option value="${r}"${r === 'grid_worker' ? ' selected' : ''}>${esc(mValue('role', r))}</option>`).join('')}</select>`;

/** The fields of one grant: role, area (an AreaPicker fills `.area-host`), may publish. */
const grantFields = (note: PanelNote | null, form: 'create' | 'grant') => `
  <label>${esc(m('field.role'))} ${roleSelect()} ${problemOf(note, form, 'role')}</label>
  <div class="field">${esc(m('field.area'))} <div class="area-host"></div> ${problemOf(note, form, 'area_code')}</div>
  <label class="check publish"><input type="checkbox" name="can_publish" /> ${esc(m('field.canPublish'))}</label>`;

/** The form that creates a user with a first grant. */
export function newUserHtml(note: PanelNote | null): string {
  return `<form data-form="create" autocomplete="off">
    <h2>${esc(m('users.new'))}</h2>
    ${noteOf(note, 'create')}
    <label>${esc(m('field.username'))} <input name="username" required placeholder="${esc(m('field.usernameHint'))}" /> ${problemOf(note, 'create', 'username')}</label>
    <label>${esc(m('field.displayName'))} <input name="display_name" /> ${problemOf(note, 'create', 'display_name')}</label>
    <label>${esc(m('field.password'))} <input name="password" type="password" autocomplete="new-password" placeholder="${esc(m('field.passwordHint'))}" /> ${problemOf(note, 'create', 'password')}</label>
    ${grantFields(note, 'create')}
    <div class="buttons"><button type="submit">${esc(m('action.create'))}</button><button type="button" class="secondary" data-cancel>${esc(m('action.cancel'))}</button></div>
  </form>`;
}

/** One user: name, password, enabled, grants with revoke, and a form to grant another role. */
export function userPanelHtml(u: UserRow, self: boolean, note: PanelNote | null, confirm: PanelConfirm): string {
  const grants = u.grants.map((g) => {
    // Revoking one's own administrator grant would lock the page out from under its user.
    const locked = self && g.role === 'admin';
    const asking = confirm?.kind === 'revoke' && confirm.grantId === g.id;
    const action = asking
      ? `<span class="confirm">${esc(m('confirm.revoke', { user: u.username, grant: grantText(g) }))}
          <button type="button" class="danger" data-revoke-yes="${g.id}">${esc(m('action.revoke'))}</button>
          <button type="button" class="secondary" data-confirm-no>${esc(m('action.cancel'))}</button></span>`
      : `<button type="button" class="secondary" data-revoke="${g.id}"${locked ? ' disabled' : ''}>${esc(m('action.revoke'))}</button>`;
    return `<li data-grant="${g.id}"><span>${esc(grantText(g))}</span> ${action}</li>`;
  });
  const askingDisable = confirm?.kind === 'disable';
  const stateButton = u.disabled
    ? `<button type="button" data-enable>${esc(m('action.enable'))}</button>`
    : askingDisable
      ? `<span class="confirm">${esc(m('confirm.disable', { user: u.username }))}
          <button type="button" class="danger" data-disable-yes>${esc(m('action.disable'))}</button>
          <button type="button" class="secondary" data-confirm-no>${esc(m('action.cancel'))}</button></span>`
      : `<button type="button" class="danger" data-disable${self ? ' disabled' : ''}>${esc(m('action.disable'))}</button>`;
  return `<div data-user-panel="${esc(u.username)}">
    <h2>${esc(m('user.title', { user: u.username }))} <span class="badge ${u.disabled ? 'off' : 'on'}">${esc(u.disabled ? m('disabled') : m('enabled'))}</span></h2>
    ${self ? `<p class="muted small">${esc(m('user.self'))}</p>` : ''}
    <form data-form="name" autocomplete="off">${noteOf(note, 'name')}
      <label>${esc(m('field.displayName'))} <input name="display_name" value="${esc(u.display_name)}" /> ${problemOf(note, 'name', 'display_name')}</label>
      <button type="submit">${esc(m('action.save'))}</button></form>
    <form data-form="password" autocomplete="off">${noteOf(note, 'password')}
      <label>${esc(m('field.newPassword'))} <input name="password" type="password" autocomplete="new-password" placeholder="${esc(m('field.passwordHint'))}" /> ${problemOf(note, 'password', 'password')}</label>
      <button type="submit">${esc(m('action.resetPassword'))}</button></form>
    <div class="state">${noteOf(note, 'state')}${stateButton}
      <button type="button" class="secondary" data-sign-out title="${esc(m('action.signOutHint'))}"${self || u.disabled ? ' disabled' : ''}>${esc(m('action.signOut'))}</button></div>
    <h3>${esc(m('user.grants'))}</h3>
    ${noteOf(note, 'revoke')}
    <ul class="grants">${grants.join('') || `<li class="muted">${esc(m('noGrants'))}</li>`}</ul>
    <form data-form="grant" autocomplete="off"><h3>${esc(m('user.addGrant'))}</h3>${noteOf(note, 'grant')}
      ${grantFields(note, 'grant')}
      <div class="buttons"><button type="submit">${esc(m('action.grant'))}</button></div></form>
  </div>`;
}
