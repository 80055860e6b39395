import { esc } from '../api.ts';
import { tValue } from '../i18n.ts';
import { SIZING_COLOURS } from '../map/sizing_status.ts';
import { m, type PlannerMessage } from './messages.ts';
import { formatArea, problemLines, tallyRows } from './tally_rows.ts';
import type { Check } from './plan_types.ts';

/**
 * The live check panel: each touched cell's households, people, facilities, band and deviation
 * (coloured under/within/over), then the coverage problems around them, and the check's time.
 */
export function renderTally(el: HTMLElement, check: Check | null, touched: string[]): void {
  if (!check) {
    el.innerHTML = `<h3>${esc(m('panel.title'))}</h3><p class="muted">${esc(m('panel.empty'))}</p>`;
    return;
  }
  const rows = tallyRows(check, touched, ['unit'])
    .map(
      (r) => `<tr data-code="${esc(r.code)}" class="status-${r.status}">
        <td><b>${esc(r.name)}</b><br/><small class="muted">${esc(r.code)}</small></td>
        <td data-field="households">${r.households}</td>
        <td data-field="people">${r.people}</td>
        <td data-field="facilities">${r.facilities}</td>
        <td>${r.band}</td>
        <td data-field="deviation"><span class="badge" style="background:${(SIZING_COLOURS as Record<string, string>)[r.status] ?? '#cccccc'}">${esc(m(`status.${r.status}` as PlannerMessage))}</span> ${esc(r.deviation)}</td>
      </tr>`,
    )
    .join('');
  const units = check.cells.filter((c) => c.level === 'unit').length;
  const lines = problemLines(check.problems);
  const problems = lines.length
    ? `<ul class="problems" data-problems="${lines.reduce((n, l) => n + l.count, 0)}">${lines
        .map(
          (l) => `<li class="problem problem-${esc(l.kind)}">⚠ ${esc(m('problems.line', { kind: tValue('problem', l.kind), count: l.count, area: formatArea(l.area_m2), households: l.households }))}<br/><small class="muted">${esc(l.areas.join(' / '))}</small></li>`,
        )
        .join('')}</ul>`
    : `<p class="muted" data-problems="0">${esc(m('problems.none'))}</p>`;
  el.innerHTML = `
    <h3>${esc(m('panel.title'))}</h3>
    <table class="tally">
      <thead><tr><th>${esc(m('col.name'))}</th><th>${esc(m('col.households'))}</th><th>${esc(m('col.people'))}</th><th>${esc(m('col.facilities'))}</th><th>${esc(m('col.band'))}</th><th>${esc(m('col.deviation'))}</th></tr></thead>
      <tbody>${rows}</tbody>
    </table>
    ${units ? `<p class="muted small" data-units="${units}">${esc(m('panel.units', { n: units }))}</p>` : ''}
    <h3>${esc(m('problems.title'))}</h3>
    ${problems}
    <p class="muted small">${esc(m('check.ms', { ms: Math.round(check.ms) }))}</p>`;
}
