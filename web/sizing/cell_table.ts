import { esc } from '../api.ts';
import { classColour, deviationClass } from './deviation_style.ts';
import { m, type SizingMessage } from './messages.ts';
import { sortCells, type CellSortKey } from './sizing_sort.ts';
import type { SizingCell } from './sizing_types.ts';

// Grids by name; the code is the name cell's hover (names, not codes: issue #17).
const COLUMNS: { key: CellSortKey; label: SizingMessage }[] = [
  { key: 'name', label: 'col.name' },
  { key: 'households', label: 'col.households' },
  { key: 'people', label: 'col.people' },
  { key: 'deviation', label: 'col.deviation' },
  { key: 'status', label: 'col.status' },
];

/** Signed deviation outside the band, households and %, or '' in band. Example: '+151 (+37.8%)'. */
export function deviationText(c: Pick<SizingCell, 'deviation'>): string {
  const d = c.deviation;
  if (d.households === 0) return '';
  const sign = d.households > 0 ? '+' : '';
  return `${sign}${d.households}${d.percent === null ? '' : ` (${sign}${d.percent}%)`}`;
}

/** The sizing table per grid: worst first until a header is clicked; a row click selects the grid. */
export class CellTable {
  private key: CellSortKey = 'worst';
  private descending = false;
  private cells: SizingCell[] = [];
  private selected: string | null = null;

  constructor(private readonly el: HTMLElement, private readonly onSelect: (code: string) => void) {
    el.addEventListener('click', (e) => {
      const target = e.target as HTMLElement;
      const th = target.closest<HTMLElement>('th[data-sort]');
      if (th) {
        const key = th.dataset.sort as CellSortKey;
        this.descending = this.key === key ? !this.descending : key === 'households' || key === 'people';
        this.key = key;
        this.render();
        return;
      }
      const row = target.closest<HTMLElement>('tr[data-code]');
      if (row) this.onSelect(row.dataset.code!);
    });
  }

  show(cells: SizingCell[], selected: string | null): void {
    this.cells = cells;
    this.selected = selected;
    this.render();
  }

  render(): void {
    const head = [{ key: 'worst' as const, label: 'col.worst' as const }, ...COLUMNS]
      .map((c) => {
        const on = this.key === c.key;
        const mark = on ? (this.descending ? ' ▼' : ' ▲') : '';
        // The rank column is headed by a mark alone (its name is the tooltip): it holds 1, 2, 3 …
        const text = c.key === 'worst' ? '#' : m(c.label);
        return `<th data-sort="${c.key}" title="${esc(m(c.label))}" ${on ? `aria-sort="${this.descending ? 'descending' : 'ascending'}"` : ''}>${esc(text)}${mark}</th>`;
      })
      .join('');
    const rows = sortCells(this.cells, this.key, this.descending)
      .map((c, i) => {
        const colour = classColour(deviationClass(c));
        return `<tr data-code="${esc(c.code)}" class="${c.status} ${c.code === this.selected ? 'selected' : ''}">
          <td class="num">${i + 1}</td><td title="${esc(c.code)}">${esc(c.name)}</td>
          <td class="num">${c.households}</td><td class="num">${c.people}</td>
          <td class="num"><span class="swatch" style="background:${colour}"></span>${esc(deviationText(c))}</td>
          <td class="status">${esc(m(`status.${c.status}`))}</td></tr>`;
      })
      .join('');
    this.el.innerHTML = `<h3>${esc(m('cells'))}</h3><table class="sizing"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
  }
}
