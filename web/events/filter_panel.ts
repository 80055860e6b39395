import { esc } from '../api.ts';
import { OPEN_STATUSES, type EventFilter } from './event_model.ts';
import { HEAT_WINDOWS, type HeatWindow } from './heat_window.ts';
import { m, mValue } from './messages.ts';

export interface FilterState {
  filter: EventFilter;
  window: HeatWindow;
  heat: boolean;
}

export interface FilterChoices {
  /** The page's area first, then the areas under it. */
  areas: { code: string; name: string }[];
  categories: { code: string; name: string }[];
  statuses: readonly string[];
  levels: readonly string[];
}

/** The filters: area, heat window, and which categories, statuses and levels to show (none ticked: all). */
export class FilterPanel {
  constructor(
    private readonly el: HTMLElement,
    private state: FilterState,
    private choices: FilterChoices,
    private readonly onChange: (state: FilterState) => void,
  ) {
    el.addEventListener('change', () => this.read());
  }

  setChoices(choices: FilterChoices): void {
    this.choices = choices;
    this.render();
  }

  render(): void {
    const f = this.state.filter;
    const checks = (name: string, values: readonly { code: string; name: string }[], on: string[]) =>
      values
        .map((v) => `<label class="chip"><input type="checkbox" name="${name}" value="${esc(v.code)}" ${on.includes(v.code) ? 'checked' : ''}/>${esc(v.name)}</label>`)
        .join('');
    this.el.innerHTML = `
      <h3>${esc(m('filters'))}</h3>
      <label class="row">${esc(m('area'))}
        <select name="area">${this.choices.areas.map((a) => `<option value="${esc(a.code)}" ${a.code === f.area ? 'selected' : ''}>${esc(a.name)}</option>`).join('')}</select>
      </label>
      <div class="row">
        <label><input type="checkbox" name="heat" ${this.state.heat ? 'checked' : ''}/>${esc(m('heat'))}</label>
        <select name="window" aria-label="${esc(m('window'))}">${HEAT_WINDOWS.map((w) => `<option value="${w}" ${w === this.state.window ? 'selected' : ''}>${esc(m(`window.${w}`))}</option>`).join('')}</select>
        <span id="heat-note" class="muted small"></span>
      </div>
      <details open><summary>${esc(m('status'))}</summary>${checks('status', this.choices.statuses.map((s) => ({ code: s, name: mValue('status', s) })), f.statuses)}</details>
      <details><summary>${esc(m('category'))}</summary>${checks('category', this.choices.categories, f.categories)}</details>
      <details><summary>${esc(m('level'))}</summary>${checks('level', this.choices.levels.map((l) => ({ code: l, name: mValue('level', l) })), f.levels)}</details>`;
  }

  /** The note under the heat switch (how many events and how they were binned). */
  setHeatNote(text: string): void {
    const note = this.el.querySelector('#heat-note');
    if (note) note.textContent = text;
  }

  private read(): void {
    const form = this.el;
    const ticked = (name: string) => [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((i) => i.value);
    const statuses = ticked('status');
    this.state = {
      filter: {
        area: (form.querySelector('select[name="area"]') as HTMLSelectElement).value,
        // Nothing ticked would show closed events from all time too: fall back to the open ones.
        statuses: statuses.length ? statuses : [...OPEN_STATUSES],
        categories: ticked('category'),
        levels: ticked('level'),
      },
      window: (form.querySelector('select[name="window"]') as HTMLSelectElement).value as HeatWindow,
      heat: (form.querySelector('input[name="heat"]') as HTMLInputElement).checked,
    };
    this.onChange(this.state);
  }
}
