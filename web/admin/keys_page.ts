import { esc, tryJson } from '../api.ts';
import type { Me } from '../may.ts';
import { mayAnywhere, mayEverywhere } from '../may.ts';
import type { Permission } from '../../server/domain/access/permissions.ts';
import type { AccessKeyRow } from '../../server/db/queries/select_access_keys.ts';
import { km } from './keys_messages.ts';
import { localTime } from './audit_query.ts';
import { sendJson } from './send_json.ts';

/** Every permission in the server's order (types only come from the server; the list is the API's). */
const ALL: Permission[] = ['areas.read', 'areas.write', 'plans.edit', 'sizing.propose', 'plans.publish', 'households.read', 'households.personal', 'households.write', 'events.read', 'events.report', 'events.handle', 'staff.write', 'users.manage', 'audit.read'];
const READS: Permission[] = ['areas.read', 'households.read', 'households.personal', 'events.read', 'audit.read'];
const EXPIRY_DAYS = [30, 90, 180, 366];

/** A key's state for its badge: revoked, expired (at `now`), or active. */
export function keyState(k: Pick<AccessKeyRow, 'revoked_at' | 'expires_at'>, now = Date.now()): 'revoked' | 'expired' | 'active' {
  if (k.revoked_at) return 'revoked';
  return Date.parse(k.expires_at) <= now ? 'expired' : 'active';
}

/**
 * The access keys tab (访问密钥): make a key (name, permissions among the user's own, read-only
 * ticked by default, expiry), see it once, list keys with their last use, revoke. An
 * administrator may list everyone's keys. The server decides every one of these.
 */
export class KeysPage {
  private keys: AccessKeyRow[] = [];
  private all = false;
  private fresh: { name: string; key: string } | null = null;
  private note: { ok: boolean; text: string } | null = null;
  private confirming: number | null = null;
  loaded = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly me: Me,
  ) {
    root.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.create(e.target as HTMLFormElement);
    });
    root.addEventListener('click', (e) => {
      const b = (e.target as HTMLElement).closest<HTMLElement>('[data-act]');
      if (!b) return;
      const id = Number(b.dataset.id);
      if (b.dataset.act === 'revoke') this.confirming = id;
      if (b.dataset.act === 'cancel') this.confirming = null;
      if (b.dataset.act === 'revoke-yes') return void this.revoke(id);
      this.render();
    });
    root.addEventListener('change', (e) => {
      const t = e.target as HTMLInputElement;
      if (t.id === 'keys-all') {
        this.all = t.checked;
        void this.load();
      }
    });
  }

  /** Permissions this user holds somewhere: the only ones a key may carry. */
  private held(): Permission[] {
    return ALL.filter((p) => mayAnywhere(this.me, p));
  }

  async load(): Promise<void> {
    const r = await tryJson<{ keys: AccessKeyRow[] }>(`/api/keys${this.all ? '?all=true' : ''}`);
    if (r.data) this.keys = r.data.keys;
    else this.note = { ok: false, text: km('refused', { message: r.why }) };
    this.loaded = true;
    this.render();
  }

  private async create(form: HTMLFormElement): Promise<void> {
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    const permissions = data.getAll('perm').map(String);
    if (!name) return this.say(false, km('required'));
    if (!permissions.length) return this.say(false, km('noPermission'));
    const r = await sendJson<AccessKeyRow & { key: string }>('POST', '/api/keys', { name, permissions, expires_in_days: Number(data.get('days')) });
    if (!r.data) return this.say(false, km('refused', { message: r.refused.body?.message ?? String(r.refused.status) }));
    this.fresh = { name: r.data.name, key: r.data.key };
    this.note = null;
    form.reset();
    await this.load();
  }

  private async revoke(id: number): Promise<void> {
    const r = await sendJson<AccessKeyRow>('DELETE', `/api/keys/${id}`);
    this.confirming = null;
    if (!r.data) return this.say(false, km('refused', { message: r.refused.body?.message ?? String(r.refused.status) }));
    this.note = { ok: true, text: km('revokedNow', { name: r.data.name }) };
    await this.load();
  }

  private say(ok: boolean, text: string): void {
    this.note = { ok, text };
    this.render();
  }

  render(): void {
    const held = this.held();
    const checks = held
      .map((p) => `<label class="check"><input type="checkbox" name="perm" value="${p}"${READS.includes(p) ? ' checked' : ''}> ${esc(km(`perm.${p}`))}</label>`)
      .join('');
    const days = EXPIRY_DAYS.map((d) => `<option value="${d}"${d === 90 ? ' selected' : ''}>${esc(km('days', { n: d }))}</option>`).join('');
    const fresh = this.fresh ? `<div class="fresh-key"><p>${esc(km('created', { name: this.fresh.name }))}</p><code>${esc(this.fresh.key)}</code></div>` : '';
    const note = this.note ? `<p class="${this.note.ok ? 'ok' : 'error'}">${esc(this.note.text)}</p>` : '';
    const adminToggle = mayEverywhere(this.me, 'users.manage') ? `<label class="check"><input type="checkbox" id="keys-all"${this.all ? ' checked' : ''}> ${esc(km('all'))}</label>` : '';
    this.root.innerHTML = `
      <p class="muted intro">${esc(km('intro'))}</p>
      <form class="key-form">
        <h3>${esc(km('new'))}</h3>
        <label>${esc(km('name'))}<input name="name" maxlength="100" placeholder="${esc(km('namePlaceholder'))}"></label>
        <fieldset><legend>${esc(km('permissions'))}</legend><div class="perms">${checks}</div></fieldset>
        <label>${esc(km('expires'))}<select name="days">${days}</select></label>
        <div class="buttons"><button type="submit">${esc(km('create'))}</button></div>
      </form>
      ${fresh}${note}
      <div class="keys-toolbar">${adminToggle}</div>
      ${this.tableHtml()}`;
  }

  private tableHtml(): string {
    if (!this.keys.length) return `<p class="muted">${esc(km('none'))}</p>`;
    const rows = this.keys.map((k) => {
      const state = keyState(k);
      const action =
        state !== 'active'
          ? ''
          : this.confirming === k.id
            ? `<span class="confirm">${esc(km('revokeConfirm', { name: k.name }))} <button type="button" class="danger" data-act="revoke-yes" data-id="${k.id}">${esc(km('revokeYes'))}</button><button type="button" class="secondary" data-act="cancel" data-id="${k.id}">${esc(km('cancel'))}</button></span>`
            : `<button type="button" class="secondary" data-act="revoke" data-id="${k.id}">${esc(km('revoke'))}</button>`;
      return `<tr class="${state}" data-key="${k.id}">
        <td data-label="${esc(km('col.name'))}">${esc(k.name)}</td>
        ${this.all ? `<td data-label="${esc(km('col.user'))}" class="code">${esc(k.username)}</td>` : ''}
        <td data-label="${esc(km('col.prefix'))}" class="code">${esc(k.prefix)}…</td>
        <td data-label="${esc(km('col.permissions'))}">${k.permissions.map((p) => `<div>${esc(km(`perm.${p as Permission}`))}</div>`).join('')}</td>
        <td data-label="${esc(km('col.created'))}" class="time">${esc(localTime(k.created_at))}</td>
        <td data-label="${esc(km('col.expires'))}" class="time">${esc(localTime(k.expires_at))}</td>
        <td data-label="${esc(km('col.used'))}" class="time used">${esc(k.last_used_at ? localTime(k.last_used_at) : km('never'))}</td>
        <td data-label="${esc(km('col.state'))}"><span class="badge ${state === 'active' ? 'on' : 'off'}">${esc(km(state))}</span></td>
        <td>${action}</td></tr>`;
    });
    type Col = 'col.name' | 'col.user' | 'col.prefix' | 'col.permissions' | 'col.created' | 'col.expires' | 'col.used' | 'col.state';
    const head: Col[] = ['col.name', ...(this.all ? (['col.user'] as const) : []), 'col.prefix', 'col.permissions', 'col.created', 'col.expires', 'col.used', 'col.state'];
    return `<table class="admin keys"><thead><tr>${head.map((h) => `<th>${esc(km(h))}</th>`).join('')}<th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  }
}
