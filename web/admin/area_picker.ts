import { esc, tryJson } from '../api.ts';
import { m } from './messages.ts';
import type { AreaSearchResult } from '../../server/db/queries/select_search_results.ts';
import { tValue } from '../i18n.ts';

/** The area a grant is for: one picked from the search, null for everywhere, undefined for not chosen yet. */
export type PickedArea = { code: string; name: string } | null | undefined;

/**
 * An area field for a grant: type part of a name or a code, pick one of the areas the search
 * finds (GET /api/search?types=area), or tick "everywhere". Lives inside a form it is given; the
 * form asks `value` when it is sent.
 */
export class AreaPicker {
  value: PickedArea = undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private asked = 0;
  private readonly input: HTMLInputElement;
  private readonly everywhere: HTMLInputElement;
  private readonly list: HTMLUListElement;

  constructor(host: HTMLElement) {
    host.classList.add('area-picker');
    host.innerHTML = `<input type="search" name="area_search" autocomplete="off" placeholder="${esc(m('field.areaSearch'))}" />
      <label class="check"><input type="checkbox" name="everywhere" /> ${esc(m('field.everywhere'))}</label>
      <ul class="area-results" hidden></ul>`;
    this.input = host.querySelector('input[type=search]')!;
    this.everywhere = host.querySelector('input[name=everywhere]')!;
    this.list = host.querySelector('ul')!;
    this.input.addEventListener('input', () => {
      this.value = undefined;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.search(this.input.value.trim()), 200);
    });
    this.everywhere.addEventListener('change', () => {
      this.input.disabled = this.everywhere.checked;
      this.list.hidden = true;
      this.value = this.everywhere.checked ? null : undefined;
      if (this.everywhere.checked) this.input.value = '';
    });
    this.list.addEventListener('click', (e) => {
      const li = (e.target as HTMLElement).closest<HTMLElement>('li[data-code]');
      if (!li) return;
      this.value = { code: li.dataset.code!, name: li.dataset.name! };
      this.input.value = `${this.value.name} · ${this.value.code}`;
      this.list.hidden = true;
    });
  }

  private async search(q: string): Promise<void> {
    const asked = ++this.asked;
    if (!q) {
      this.list.hidden = true;
      return;
    }
    const res = await tryJson<{ results: AreaSearchResult[] }>(`/api/search?types=area&limit=8&q=${encodeURIComponent(q)}`);
    if (asked !== this.asked) return; // a later keystroke's answer wins
    const areas = res.data?.results ?? [];
    this.list.innerHTML = areas.length
      ? areas.map((a) => `<li data-code="${esc(a.code)}" data-name="${esc(a.name)}">${esc(a.name)} <span class="code">${esc(a.code)}</span> <small class="muted">${esc(tValue('level', a.level))}</small></li>`).join('')
      : `<li class="muted">${esc(res.why ?? '—')}</li>`;
    this.list.hidden = false;
  }
}
