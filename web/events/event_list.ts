import { esc } from '../api.ts';
import { currentLang } from '../i18n.ts';
import { eventClock, formatDuration } from './event_clock.ts';
import type { LiveEvent } from './event_model.ts';
import { sortEvents, type SortKey, type SortOrder } from './event_sort.ts';
import { statusCss } from './event_style.ts';
import { m, mValue } from './messages.ts';

const COLUMNS: { key: SortKey; label: Parameters<typeof m>[0] }[] = [
  { key: 'status', label: 'col.status' },
  { key: 'category', label: 'col.category' },
  { key: 'grid', label: 'col.grid' },
  { key: 'reported', label: 'col.reported' },
  { key: 'due', label: 'col.due' },
];

// A list of thousands of rows costs more to lay out than it is worth to read: the most urgent
// (by the chosen order) are shown, the count says how many there are.
const MAX_ROWS = 400;

/** The list of events with their clocks, sortable by any column; a click selects one. */
export class EventList {
  private order: SortOrder = { key: 'due', descending: false };

  constructor(
    private readonly el: HTMLElement,
    private readonly categoryName: (code: string) => string,
    private readonly onSelect: (id: string) => void,
  ) {
    el.addEventListener('click', (e) => {
      const target = e.target as HTMLElement;
      const th = target.closest<HTMLElement>('th[data-sort]');
      if (th) {
        const key = th.dataset.sort as SortKey;
        this.order = { key, descending: this.order.key === key ? !this.order.descending : false };
        if (this.lastArgs) this.render(...this.lastArgs);
        return;
      }
      const row = target.closest<HTMLElement>('tr[data-id]');
      if (row) this.onSelect(row.dataset.id!);
    });
  }

  private lastArgs: [LiveEvent[], number, string | null, number] | null = null;

  /** Draws the list; `total` is how many the server holds for the filter (may exceed what was loaded). */
  render(events: LiveEvent[], total: number, selected: string | null, nowMs: number): void {
    this.lastArgs = [events, total, selected, nowMs];
    const lang = currentLang();
    const rows = sortEvents(events, this.order, nowMs).slice(0, MAX_ROWS);
    const head = COLUMNS.map((c) => {
      const mark = this.order.key === c.key ? (this.order.descending ? ' ▼' : ' ▲') : '';
      return `<th data-sort="${c.key}" ${this.order.key === c.key ? `aria-sort="${this.order.descending ? 'descending' : 'ascending'}"` : ''}>${esc(m(c.label))}${mark}</th>`;
    }).join('');
    const body = rows
      .map((e) => {
        const clock = eventClock(e, nowMs);
        const due = clock.dueInMs === null
          ? m('noClock')
          : clock.overdue
            ? m('overdueBy', { d: formatDuration(clock.dueInMs, lang) })
            : m('left', { d: formatDuration(clock.dueInMs, lang) });
        return `<tr data-id="${esc(e.id)}" class="${clock.overdue ? 'overdue' : ''} ${e.id === selected ? 'selected' : ''}">
          <td><span class="dot" style="background:${statusCss(e.status)}"></span>${esc(mValue('status', e.status))}</td>
          <td>${esc(this.categoryName(e.category))}</td>
          <td title="${esc(e.grid_code ?? '')}">${esc(e.grid_name ?? '')}</td>
          <td title="${esc(new Date(e.reported_at).toLocaleString(lang))}">${esc(m('ago', { d: formatDuration(clock.sinceMs, lang) }))}</td>
          <td class="clock">${esc(due)}</td>
        </tr>`;
      })
      .join('');
    const shown = events.length < total || rows.length < events.length ? `<p class="muted small">${esc(m('listMore', { n: rows.length, total }))}</p>` : '';
    this.el.innerHTML = `<h3>${esc(m('list', { n: total }))}</h3>${shown}<table class="events"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
  }
}
