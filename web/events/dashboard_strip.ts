import { esc } from '../api.ts';
import { busiestGroups, nonZeroDesc, percent, type EventStats } from './dashboard_model.ts';
import { statusCss } from './event_style.ts';
import { m, mValue } from './messages.ts';

/**
 * The strip over the map: the area's figures for the window (counts by category and status,
 * share closed the same day 日清日结, median time to close, overdue by level), the busiest areas
 * under it, and a link to the same figures as CSV.
 */
export function renderDashboard(el: HTMLElement, stats: EventStats, windowLabel: string, csvHref: string, categoryName: (code: string) => string): void {
  const t = stats.total;
  const figure = (key: string, label: string, value: string | number, warn = false) =>
    `<div class="figure ${warn ? 'warn' : ''}" data-figure="${key}"><b>${esc(value)}</b><span>${esc(label)}</span></div>`;
  const chips = (entries: [string, number][], name: (k: string) => string, colour?: (k: string) => string) =>
    entries.map(([k, n]) => `<span class="chip" data-key="${esc(k)}">${colour ? `<span class="dot" style="background:${colour(k)}"></span>` : ''}${esc(name(k))} <b>${n}</b></span>`).join('');
  const busiest = busiestGroups(stats.groups)
    .map((g) => `<span class="chip" title="${esc(g.code)}">${esc(g.name)} <b>${g.open}</b>${g.overdue ? ` <b class="overdue-text">(${g.overdue})</b>` : ''}</span>`)
    .join('');
  el.innerHTML = `
    <div class="dash-title"><b>${esc(m('dashboard', { area: stats.area.name, window: windowLabel }))}</b>
      <a href="${esc(csvHref)}" download id="stats-csv">${esc(m('csv'))}</a></div>
    <div class="figures">
      ${figure('total', m('total'), t.total)}
      ${figure('open', m('open'), t.open)}
      ${figure('closed', m('closed'), t.closed)}
      ${figure('same-day', m('sameDay'), percent(t.share_closed_same_day))}
      ${figure('median', m('median'), t.median_hours_to_close === null ? '—' : m('hours', { h: t.median_hours_to_close }))}
      ${figure('overdue', m('overdue'), t.overdue, t.overdue > 0)}
    </div>
    <div class="chips"><span class="muted">${esc(m('byLevel'))}</span>${chips(Object.entries(t.overdue_by_level), (l) => mValue('level', l))}</div>
    <div class="chips"><span class="muted">${esc(m('status'))}</span>${chips(nonZeroDesc(t.by_status), (s) => mValue('status', s), statusCss)}</div>
    <div class="chips"><span class="muted">${esc(m('byCategory'))}</span>${chips(nonZeroDesc(t.by_category), categoryName)}</div>
    ${busiest ? `<div class="chips"><span class="muted">${esc(m('open'))}（${esc(m('overdue'))}）</span>${busiest}</div>` : ''}`;
}
