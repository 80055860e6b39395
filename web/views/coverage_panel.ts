import { esc } from '../api.ts';
import { t, tValue } from '../i18n.ts';
import type { GridMap } from '../map/grid_map.ts';
import type { CoverageItem } from '../map/coverage_problems.ts';

/** The list of coverage problems with previous/next stepping and zoom-to-problem. */
export class CoveragePanel {
  private current = -1;

  constructor(
    private readonly map: GridMap,
    private readonly items: CoverageItem[],
  ) {}

  /** Draws into the element (re-created by the layer panel on every render). */
  render(el: HTMLElement | null): void {
    if (!el) return;
    if (this.items.length === 0) {
      el.innerHTML = `<p class="muted">${esc(t('coverage.none'))}</p>`;
      return;
    }
    const rows = this.items
      .map((item, i) => `<li data-i="${i}" class="${i === this.current ? 'current' : ''}">${esc(t('coverage.item', {
        kind: tValue('problem', item.kind),
        level: tValue('level', item.level),
        area: item.area_m2 < 10 ? item.area_m2.toFixed(1) : Math.round(item.area_m2).toLocaleString(),
        households: item.households,
      }))}<br/><small>${esc(item.label)}</small></li>`)
      .join('');
    el.innerHTML = `
      <div class="stepper">
        <button type="button" data-step="-1">${esc(t('coverage.prev'))}</button>
        <span>${this.current + 1} / ${this.items.length}</span>
        <button type="button" data-step="1">${esc(t('coverage.next'))}</button>
      </div>
      <ol class="coverage-items">${rows}</ol>`;
    el.onclick = (e) => {
      const target = e.target as HTMLElement;
      const step = target.closest<HTMLElement>('[data-step]')?.dataset.step;
      const li = target.closest<HTMLElement>('li[data-i]');
      if (step) this.go((this.current + Number(step) + this.items.length) % this.items.length);
      else if (li) this.go(Number(li.dataset.i));
      this.render(el);
    };
  }

  go(i: number): void {
    this.current = i;
    const item = this.items[i];
    this.map.focusCoverage(item.index, item.bbox);
  }
}
