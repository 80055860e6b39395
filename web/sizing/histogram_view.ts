import { esc } from '../api.ts';
import { histogramBars } from './histogram_bars.ts';
import { m } from './messages.ts';
import type { SizingReport } from './sizing_types.ts';

const [W, H, PAD] = [460, 120, 18];

/** The histogram of households per grid as SVG, with the band shaded and its edges labelled. */
export function renderHistogram(el: HTMLElement, report: SizingReport): void {
  const band = report.histogram.band;
  const layout = histogramBars(report.histogram, band, W, H);
  const b = layout.band;
  const shade = b
    ? `<rect class="band" x="${b.x0}" y="0" width="${b.x1 - b.x0}" height="${H}"/>
       <line class="band-edge" x1="${b.x0}" x2="${b.x0}" y1="0" y2="${H}"/><line class="band-edge" x1="${b.x1}" x2="${b.x1}" y1="0" y2="${H}"/>
       <text class="band-label" x="${(b.x0 + b.x1) / 2}" y="-4">${b.min}–${b.max}</text>`
    : '';
  const bars = layout.bars
    .map((r) => `<rect class="bar ${r.inBand ? 'in' : 'out'}" x="${r.x}" y="${r.y}" width="${r.width}" height="${r.height}"><title>${r.from}–${r.to}: ${r.count}</title></rect>`)
    .join('');
  const ticks = layout.ticks.map((t) => `<text class="tick" x="${t.x}" y="${H + 13}">${t.value}</text>`).join('');
  el.innerHTML = `<h3>${esc(m('histogram'))}</h3>
    <svg id="histogram-svg" viewBox="-14 -16 ${W + 28} ${H + PAD + 16}" role="img" aria-label="${esc(m('histogram'))}">
      ${shade}${bars}<line class="axis" x1="0" x2="${W}" y1="${H}" y2="${H}"/>${ticks}
      <text class="tick count" x="-7" y="8">${layout.maxCount}</text>
    </svg>
    ${b ? `<p class="muted small">${esc(m('histogramNote', { min: b.min, max: b.max }))}</p>` : ''}`;
}
