import { esc } from '../api.ts';
import { t, tValue } from '../i18n.ts';
import type { GridMap, HouseholdMode, LayerGroup } from '../map/grid_map.ts';
import type { ColourMode } from '../map/area_layers.ts';
import { KIND_COLOURS } from '../map/area_style.ts';
import { bandWords, SIZING_COLOURS, type SizingStatus } from '../map/sizing_status.ts';
import type { Band } from '../../server/domain/sizing/sizing_rule.ts';
import { facilityLegend } from '../map/facility_style.ts';
import { COVERAGE_COLOURS } from '../map/coverage_problems.ts';
import { STAFF_COLOURS, type StaffTally } from '../map/staff_layers.ts';
import { OPEN_STATUSES } from '../events/event_model.ts';
import { statusCss } from '../events/event_style.ts';
import { mValue } from '../events/messages.ts';

export interface LayerPanelState {
  colour: ColourMode;
  sizingCounts: Record<SizingStatus, number> | null;
  /** The band base grids are held to, from the server's verdicts (the legend names it; dashes until read). */
  sizingBand?: Band | null;
  facilityCounts: Record<string, number> | null;
  /** Why a group cannot be shown (its service is missing), by group. */
  unavailable: Partial<Record<LayerGroup, string>>;
  /** Counts for the staff and party branches legend, once the registers are loaded. */
  staffTally?: StaffTally | null;
}

/**
 * The layer panel: grid colouring (kind or sizing) and toggles for households, facilities,
 * events, coverage problems and staff and party branches, each with its legend. Asks the map to change; `onToggle` lets the
 * page load a layer's data the first time it is switched on.
 */
export class LayerPanel {
  constructor(
    private readonly el: HTMLElement,
    private readonly map: GridMap,
    private readonly state: LayerPanelState,
    private readonly onToggle: (group: LayerGroup, on: boolean) => void,
  ) {
    el.addEventListener('change', (e) => {
      const input = e.target as HTMLInputElement | HTMLSelectElement;
      if (input.name === 'colour') {
        this.state.colour = input.value as ColourMode;
        this.map.setColourMode(this.state.colour);
        this.render();
      } else if (input.dataset.group) {
        const group = input.dataset.group as LayerGroup;
        const on = (input as HTMLInputElement).checked;
        this.map.setVisible(group, on);
        this.onToggle(group, on);
        this.render();
      } else if (input.name === 'household-mode') {
        this.map.setHouseholdMode(input.value as HouseholdMode);
      }
    });
  }

  render(): void {
    const s = this.state;
    const swatch = (colour: string) => `<span class="swatch" style="background:${colour}"></span>`;
    const band = bandWords(s.sizingBand ?? null);
    const colourLegend =
      s.colour === 'kind'
        ? Object.entries(KIND_COLOURS).map(([k, c]) => `<li>${swatch(c)}${esc(tValue('kind', k))}</li>`).join('')
        : (Object.keys(SIZING_COLOURS) as SizingStatus[])
            .map((k) => `<li>${swatch(SIZING_COLOURS[k])}${esc(t(`sizing.${k}`, band))}${s.sizingCounts ? ` <b>${s.sizingCounts[k]}</b>` : ''}</li>`)
            .join('');
    const toggle = (group: LayerGroup, label: string, legend: string) => {
      const why = s.unavailable[group];
      const on = this.map.isVisible(group);
      return `<div class="layer">
        <label><input type="checkbox" data-group="${group}" ${on ? 'checked' : ''} ${why ? 'disabled' : ''}/> ${esc(label)}</label>
        ${why ? `<small class="muted">${esc(t('layers.unavailable', { why }))}</small>` : ''}
        ${on ? `<div class="legend">${legend}</div>` : ''}
      </div>`;
    };
    this.el.innerHTML = `
      <h3>${esc(t('layers.title'))}</h3>
      <div class="layer">
        <span>${esc(t('layers.colour'))}</span>
        <label><input type="radio" name="colour" value="kind" ${s.colour === 'kind' ? 'checked' : ''}/> ${esc(t('colour.kind'))}</label>
        <label><input type="radio" name="colour" value="sizing" ${s.colour === 'sizing' ? 'checked' : ''}/> ${esc(t('colour.sizing', band))}</label>
        <ul class="legend" id="colour-legend">${colourLegend}</ul>
      </div>
      ${toggle('households', t('layers.households'), `
        <label><input type="radio" name="household-mode" value="density" checked/> ${esc(t('layers.density'))}</label>
        <label><input type="radio" name="household-mode" value="points"/> ${esc(t('layers.points'))}</label>
        <p class="muted small">${esc(t('legend.households'))}</p>`)}
      ${toggle('facilities', t('layers.facilities'), `<ul class="legend">${facilityLegend(s.facilityCounts)
        .map((r) => `<li>${swatch(r.colour)}${esc(tValue('facility', r.category))}${r.count === null ? '' : ` <b>${r.count}</b>`}</li>`)
        .join('')}</ul>`)}
      ${toggle('events', t('layers.events'), `<p class="muted small">${esc(t('legend.events'))}</p><ul class="legend">${OPEN_STATUSES.map((st) => `<li>${swatch(statusCss(st))}${esc(mValue('status', st))}</li>`).join('')}</ul>`)}
      ${toggle('coverage', t('layers.coverage'), `<ul class="legend">${Object.entries(COVERAGE_COLOURS)
        .map(([k, c]) => `<li>${swatch(c)}${esc(tValue('problem', k))}</li>`)
        .join('')}</ul><div id="coverage-list"></div>`)}
      ${toggle('staff', t('layers.staff'), staffLegend(s.staffTally ?? null))}`;
  }
}

/** The staff layer's legend: the worker dot (green, or the warning orange), the branch dot, and the counts. */
function staffLegend(tally: StaffTally | null): string {
  const dot = (fill: string) => `<span class="swatch" style="background:${fill};border-radius:50%;border-color:#1a1a1a"></span>`;
  return `<ul class="legend">
      <li>${dot(STAFF_COLOURS.staffed)}${esc(t('staff.staffed'))}</li>
      <li>${dot(STAFF_COLOURS.no_worker)}${esc(t('staff.noWorker'))}${tally ? ` <b data-staff-count="no_worker">${tally.noWorker}</b>` : ''}</li>
      <li>${dot(STAFF_COLOURS.branch)}${esc(tValue('party', 'branch'))}${tally ? ` <b data-staff-count="branches">${tally.branches}</b>` : ''}</li>
      <li>${dot(STAFF_COLOURS.noBranch)}${esc(t('staff.noBranch'))}${tally ? ` <b data-staff-count="no_branch">${tally.noBranch}</b>` : ''}</li>
    </ul>
    ${tally ? `<p class="small" data-staff-tally>${esc(t('staff.tally', { ...tally }))}</p>` : ''}
    <p class="muted small">${esc(t('legend.staff'))}</p>`;
}
