import { esc } from '../api.ts';
import { KNOWN_ACTIONS, KNOWN_ENTITIES, m, mValue } from './messages.ts';
import { auditDiff, diffValue } from './audit_diff.ts';
import { localTime, type AuditFilters } from './audit_query.ts';
import { areaText } from './grant_text.ts';
import type { AuditRow } from '../../server/db/queries/select_audit.ts';

/** The audit filters: who (the users as suggestions), action, entity, area code, from–to days. */
export function auditFiltersHtml(f: AuditFilters, usernames: string[]): string {
  const input = (name: keyof AuditFilters, label: string, extra = '') =>
    `<label>${esc(label)} <input name="${name}" value="${esc(f[name])}" ${extra} /></label>`;
  return `<form data-form="audit" autocomplete="off" class="audit-filters">
    ${input('who', m('audit.who'), 'list="audit-users"')}
    ${input('what', m('audit.what'), 'list="audit-actions"')}
    ${input('entity', m('audit.entity'), 'list="audit-entities" size="12"')}
    ${input('area', m('audit.area'), 'size="14" list="audit-areas" autocomplete="off"')}
    ${input('from', m('audit.from'), 'type="date"')}
    ${input('to', m('audit.to'), 'type="date"')}
    <button type="submit">${esc(m('audit.apply'))}</button>
    <button type="button" class="secondary" data-audit-clear>${esc(m('audit.clear'))}</button>
    <datalist id="audit-areas"></datalist>
    <datalist id="audit-users">${usernames.map((u) => `<option value="${esc(u)}"></option>`).join('')}</datalist>
    <datalist id="audit-actions">${KNOWN_ACTIONS.map((a) => `<option value="${esc(a)}">${esc(mValue('act', a))}</option>`).join('')}</datalist>
    <datalist id="audit-entities">${KNOWN_ENTITIES.map((e) => `<option value="${esc(e)}">${esc(mValue('ent', e))}</option>`).join('')}</datalist>
  </form>`;
}

/**
 * The changed fields of an entry as the page shows them. A user change's `password_changed: false`
 * says only that the password was not among the changes, which is not a change to show.
 */
export function entryChanges(row: Pick<AuditRow, 'before' | 'after'>, limit?: number): ReturnType<typeof auditDiff> {
  const diff = auditDiff(row.before, row.after, limit);
  return { rows: diff.rows.filter((r) => !((r.path === 'password_changed' || r.path === 'signed_out') && r.kind === 'added' && r.after === false)), omitted: diff.omitted };
}

/** The before/after of one entry as a table of the changed fields. */
export function auditChangesHtml(row: Pick<AuditRow, 'before' | 'after'>): string {
  const { rows, omitted } = entryChanges(row);
  if (!rows.length) return `<p class="muted">${esc(m('audit.noChange'))}</p>`;
  const body = rows
    .map((r) => `<tr class="${r.kind}"><td class="code">${esc(r.path || '—')}</td><td class="before">${esc(diffValue(r.before))}</td><td class="after">${esc(diffValue(r.after))}</td></tr>`)
    .join('');
  const more = omitted ? `<p class="muted small">${esc(m('audit.more_rows', { n: omitted }))}</p>` : '';
  return `<table class="diff"><thead><tr><th>${esc(m('audit.key'))}</th><th>${esc(m('audit.before'))}</th><th>${esc(m('audit.after'))}</th></tr></thead><tbody>${body}</tbody></table>${more}`;
}

/** The entries, newest first; a click on a row opens its changes beneath it. */
export function auditTableHtml(rows: AuditRow[], expanded: ReadonlySet<number>): string {
  if (!rows.length) return `<p class="muted">${esc(m('audit.none'))}</p>`;
  const body = rows.map((r) => {
    const open = expanded.has(r.id);
    // A user entry links to that user on the users tab.
    const id = r.entity_id === null ? '' : r.entity === 'user' ? ` · <a href="#" data-open-user="${esc(r.entity_id)}">${esc(r.entity_id)}</a>` : ` · ${esc(r.entity_id)}`;
    const area = r.area_code ? areaText(r.area_code, r.area_name) : '';
    const count = entryChanges(r, 1000);
    const head = `<tr data-audit="${r.id}" class="${open ? 'open' : ''}" aria-expanded="${open}">
      <td class="time">${esc(localTime(r.at))}</td><td>${esc(r.actor)}</td>
      <td title="${esc(r.action)}">${esc(mValue('act', r.action))}</td><td>${esc(mValue('ent', r.entity))}${id}</td><td>${esc(area)}</td>
      <td class="toggle">${open ? '▾' : '▸'} ${esc(m('audit.nChanges', { n: count.rows.length + count.omitted }))}</td></tr>`;
    return open ? `${head}<tr class="changes" data-changes="${r.id}"><td colspan="6">${auditChangesHtml(r)}</td></tr>` : head;
  });
  return `<table class="admin audit"><thead><tr><th>${esc(m('audit.at'))}</th><th>${esc(m('audit.who'))}</th><th>${esc(m('audit.what'))}</th>
    <th>${esc(m('audit.target'))}</th><th>${esc(m('field.area'))}</th><th>${esc(m('audit.changes'))}</th></tr></thead><tbody>${body.join('')}</tbody></table>`;
}
