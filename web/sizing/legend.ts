import { esc } from '../api.ts';
import { DEVIATION_CLASSES, EXEMPT_COLOUR, type DeviationClass } from './deviation_style.ts';
import { m } from './messages.ts';

/** The map's legend: the diverging classes, how many grids each holds, and the exempt colour. */
export function renderLegend(el: HTMLElement, counts: Record<DeviationClass, number>, mid: number | null): void {
  const item = (key: DeviationClass, colour: string) =>
    `<li data-class="${key}"><span class="swatch" style="background:${colour}"></span>${esc(m(`class.${key}`))} <b>${counts[key]}</b></li>`;
  el.innerHTML = `<b>${esc(m('legend', { mid: mid ?? '—' }))}</b><ul class="legend">${[...DEVIATION_CLASSES].reverse().map((c) => item(c.key, c.colour)).join('')}${item('exempt', EXEMPT_COLOUR)}</ul>`;
}
