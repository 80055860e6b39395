import { esc } from '../api.ts';
import { m } from './messages.ts';
import type { SizingRollup } from './sizing_types.ts';

/** Roll-ups per community (and the town above them), most breaches first; a click selects a community. */
export function renderRollups(el: HTMLElement, rollups: SizingRollup[], selected: string | null, onSelect: (code: string) => void): void {
  const rows = [...rollups]
    .sort((a, b) => (a.level === b.level ? b.breaches - a.breaches || a.code.localeCompare(b.code) : a.level === 'town' ? -1 : 1))
    .map(
      (r) => `<tr data-code="${esc(r.code)}" data-level="${esc(r.level)}" class="${r.code === selected ? 'selected' : ''} ${r.level}">
        <td>${esc(r.name)}</td><td class="num">${r.cells}</td><td class="num">${r.households}</td>
        <td class="num">${r.within}</td><td class="num under">${r.under || ''}</td><td class="num over">${r.over || ''}</td><td class="num">${r.exempt || ''}</td></tr>`,
    )
    .join('');
  el.innerHTML = `<h3>${esc(m('rollups'))}</h3><table class="sizing rollups"><thead><tr>
      <th>${esc(m('col.community'))}</th><th>${esc(m('col.grids'))}</th><th>${esc(m('col.households'))}</th>
      <th>${esc(m('status.within'))}</th><th>${esc(m('status.under'))}</th><th>${esc(m('status.over'))}</th><th>${esc(m('status.exempt'))}</th>
    </tr></thead><tbody>${rows}</tbody></table>`;
  el.onclick = (e) => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('tr[data-code]');
    if (row) onSelect(row.dataset.code!);
  };
}
