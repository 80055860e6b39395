import { esc } from '../api.ts';
import { m } from './messages.ts';
import { AreaPicker } from './area_picker.ts';
import { formProblems } from './form_problems.ts';
import { grantText } from './grant_text.ts';
import { sendJson } from './send_json.ts';
import { filterUsers, userTableHtml } from './user_table.ts';
import { newUserHtml, userPanelHtml, type PanelConfirm, type PanelNote } from './user_panel.ts';
import type { UserRow } from '../../server/db/queries/select_users.ts';

const NEW = Symbol('new user');

/**
 * The users tab: the table on the left, the selected user (or the new-user form) on the right.
 * Every change goes through the API and the table is redrawn from what the server answers.
 */
export class UsersPage {
  private selected: string | typeof NEW | null = null;
  private note: PanelNote | null = null;
  private confirm: PanelConfirm = null;
  private picker: AreaPicker | null = null;

  constructor(
    private readonly table: HTMLElement,
    private readonly panel: HTMLElement,
    private readonly filter: HTMLInputElement,
    private users: UserRow[],
    private readonly self: string,
    /** Called after every accepted write (the audit log has a new entry). */
    private readonly changed: () => void,
  ) {
    filter.addEventListener('input', () => this.renderTable());
    table.addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('tr[data-user]');
      if (row) this.select(row.dataset.user!);
    });
    panel.addEventListener('submit', (e) => {
      e.preventDefault();
      const form = e.target as HTMLFormElement;
      void this.submit(form.dataset.form as PanelNote['form'], new FormData(form));
    });
    panel.addEventListener('click', (e) => void this.click(e.target as HTMLElement));
    panel.addEventListener('change', (e) => {
      const target = e.target as HTMLElement;
      if (target instanceof HTMLSelectElement && target.name === 'role') this.showPublish(target);
    });
  }

  get count(): number {
    return this.users.length;
  }

  usernames(): string[] {
    return this.users.map((u) => u.username);
  }

  openNew(): void {
    this.selected = NEW;
    this.note = null;
    this.confirm = null;
    this.render();
  }

  select(username: string): void {
    this.selected = username;
    this.note = null;
    this.confirm = null;
    this.render();
  }

  render(): void {
    this.filter.placeholder = m('users.filter');
    this.renderTable();
    this.renderPanel();
  }

  private renderTable(): void {
    this.table.innerHTML = userTableHtml(filterUsers(this.users, this.filter.value), typeof this.selected === 'string' ? this.selected : null);
  }

  private renderPanel(): void {
    const user = typeof this.selected === 'string' ? this.users.find((u) => u.username === this.selected) : undefined;
    if (this.selected === NEW) this.panel.innerHTML = newUserHtml(this.note);
    else if (user) this.panel.innerHTML = userPanelHtml(user, user.username === this.self, this.note, this.confirm);
    else this.panel.innerHTML = `<p class="muted">${esc(m('user.pick'))}</p>`;
    const host = this.panel.querySelector<HTMLElement>('.area-host');
    this.picker = host ? new AreaPicker(host) : null;
    const role = this.panel.querySelector<HTMLSelectElement>('select[name=role]');
    if (role) this.showPublish(role);
  }

  // "May publish" means something for planners only.
  private showPublish(role: HTMLSelectElement): void {
    const box = role.form?.querySelector<HTMLElement>('.publish');
    if (box) box.hidden = role.value !== 'planner';
  }

  private async click(target: HTMLElement): Promise<void> {
    const user = typeof this.selected === 'string' ? this.selected : null;
    if (target.closest('[data-cancel]')) {
      this.selected = null;
      return this.render();
    }
    if (target.closest('[data-confirm-no]')) return void ((this.confirm = null), this.renderPanel());
    const revoke = target.closest<HTMLElement>('[data-revoke]');
    if (revoke) return void ((this.confirm = { kind: 'revoke', grantId: Number(revoke.dataset.revoke) }), this.renderPanel());
    if (target.closest('[data-disable]')) return void ((this.confirm = { kind: 'disable' }), this.renderPanel());
    if (!user) return;
    const revokeYes = target.closest<HTMLElement>('[data-revoke-yes]');
    if (revokeYes) {
      const id = Number(revokeYes.dataset.revokeYes);
      const grant = this.users.find((u) => u.username === user)?.grants.find((g) => g.id === id);
      await this.write('revoke', 'DELETE', `/api/users/${encodeURIComponent(user)}/grants/${id}`, undefined, () => m('user.revoked', { grant: grant ? grantText(grant) : String(id) }));
    }
    if (target.closest('[data-disable-yes]')) await this.write('state', 'PATCH', `/api/users/${encodeURIComponent(user)}`, { disabled: true }, () => m('user.disabledNow', { user }));
    if (target.closest('[data-enable]')) await this.write('state', 'PATCH', `/api/users/${encodeURIComponent(user)}`, { disabled: false }, () => m('user.enabledNow', { user }));
    if (target.closest('[data-sign-out]')) await this.write('state', 'PATCH', `/api/users/${encodeURIComponent(user)}`, { sign_out: true }, () => m('user.signedOutNow', { user }));
  }

  private async submit(form: PanelNote['form'], data: FormData): Promise<void> {
    const text = (name: string) => String(data.get(name) ?? '');
    const user = typeof this.selected === 'string' ? this.selected : '';
    const path = `/api/users/${encodeURIComponent(user)}`;
    if (form === 'name') return this.write('name', 'PATCH', path, { display_name: text('display_name') }, () => m('user.saved'));
    // The password policy is the server's: a refusal names its reason, which formProblems says in the page's language.
    if (form === 'password') {
      return this.write('password', 'PATCH', path, { password: text('password') }, () => m('user.passwordReset', { user }));
    }
    if (form !== 'create' && form !== 'grant') return;
    // The area is the one field the server cannot name for us: the picker sends nothing until one is chosen.
    const area = this.picker?.value;
    if (area === undefined) return this.refuse({ form, problems: { byField: { area_code: m('problem.area') }, general: [] } });
    const grant = { role: text('role'), area_code: area?.code ?? null, ...(text('role') === 'planner' ? { can_publish: data.get('can_publish') === 'on' } : {}) };
    if (form === 'grant') return this.write('grant', 'POST', `${path}/grants`, grant, () => m('user.granted', { grant: grantText({ ...grant, area_name: area?.name ?? null, can_publish: grant.can_publish ?? false }) }));
    const body = { username: text('username').trim(), password: text('password'), grants: [grant], ...(text('display_name').trim() ? { display_name: text('display_name').trim() } : {}) };
    await this.write('create', 'POST', '/api/users', body, () => m('user.created', { user: body.username }), body.username);
  }

  /**
   * Shows a refusal beside the fields of the form it concerns, leaving what was typed in place;
   * the buttons outside a form (disable, revoke) are redrawn with it.
   */
  private refuse(note: PanelNote): void {
    this.note = note;
    const form = this.panel.querySelector<HTMLFormElement>(`form[data-form="${note.form}"]`);
    if (!form) return this.renderPanel();
    for (const span of form.querySelectorAll<HTMLElement>('.problem[data-field]')) {
      const text = note.problems?.byField[span.dataset.field!];
      span.textContent = text ?? '';
      span.hidden = !text;
    }
    this.panel.querySelectorAll('[data-note]').forEach((el) => el.remove());
    const general = note.problems?.general ?? [];
    if (general.length) form.querySelector('.form-note')!.innerHTML = `<p class="error" data-note="${note.form}">${general.map(esc).join('<br>')}</p>`;
  }

  /** Sends one change; the answer (the user as it now is) replaces the row, a refusal is shown beside the form. */
  private async write(form: PanelNote['form'], method: 'POST' | 'PATCH' | 'DELETE', url: string, body: unknown, ok: () => string, created?: string): Promise<void> {
    const fields = form === 'create' ? ['username', 'password', 'display_name', 'role', 'area_code'] : form === 'grant' ? ['role', 'area_code'] : ['display_name', 'password', 'disabled'];
    const res = await sendJson<UserRow>(method, url, body);
    this.confirm = null;
    if (res.refused) {
      return this.refuse({ form, problems: formProblems(res.refused, { fields, conflictField: form === 'create' ? 'username' : undefined, notFoundField: form === 'create' || form === 'grant' ? 'area_code' : undefined }) });
    }
    const user = res.data;
    this.users = [...this.users.filter((u) => u.username !== user.username), user].sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
    if (created) this.selected = created;
    this.note = { form: created ? 'name' : form, ok };
    this.render();
    this.changed();
  }
}
