import { esc } from '../api.ts';
import { deviationText } from './cell_table.ts';
import { m } from './messages.ts';
import type { SizingCell } from './sizing_types.ts';

/** A grid's figures against its rule, as a definition list. */
export function cellSummary(c: SizingCell): string {
  const band = c.band && c.band.min !== null ? `${c.band.min}–${c.band.max ?? '∞'}` : '—';
  const rows: [string, string][] = [
    [m('households'), String(c.households)],
    [m('band'), band],
    [m('col.status'), m(`status.${c.status}`)],
    [m('deviation'), deviationText(c) || '0'],
    [m('people'), String(c.people)],
    [m('floating'), String(c.floating)],
    [m('facilities'), String(c.facilities)],
    [m('gridWorkers'), c.staff.grid_workers === null ? '—' : `${c.staff.grid_workers} / ${c.staff.grid_workers_required ?? '—'}`],
  ];
  return `<dl class="counts">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
}
