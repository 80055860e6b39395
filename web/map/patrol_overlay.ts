import type { GeoJSONSource } from 'maplibre-gl';
import { esc } from '../api.ts';
import type { GridMap } from './grid_map.ts';
import { pm } from './patrol_messages.ts';

export type PatrolPeriod = 'off' | 'today' | 'week';

/** Today's tracks drawn strong, older ones of the week fainter. */
export const PATROL_COLOURS = { today: '#7048e8', earlier: '#b197fc' };

/**
 * The track layer's data from GET /api/patrols: each patrol with a drawable track, marked
 * `today` when it started on the viewer's calendar day (the line's colour), and the totals shown
 * beside the switch. Patrols with fewer than two kept points have no line and are counted only.
 *
 *   patrolTrackData({ features: [{ geometry: LineString, properties: { started_at: now, distance_m: 1200 } }] }, now)
 *   // → { data: one feature with today: true, count: 1, metres: 1200 }
 */
export function patrolTrackData(fc: GeoJSON.FeatureCollection, now = new Date()): { data: GeoJSON.FeatureCollection; count: number; metres: number } {
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  const features = fc.features
    .filter((f) => f.geometry !== null)
    .map((f) => ({ ...f, properties: { ...f.properties, today: Date.parse(String(f.properties?.started_at)) >= midnight.getTime() } }));
  return { data: { type: 'FeatureCollection', features }, count: fc.features.length, metres: fc.features.reduce((s, f) => s + Number(f.properties?.distance_m ?? 0), 0) };
}

/**
 * The one-map's patrol layer (巡查轨迹): a switch (hidden, today, last 7 days) in the map's top
 * left corner, and the tracks the viewer may see drawn as lines. Only for users who may see tracks
 * (their own, or others' with patrols.read): the page decides, the server checks every request.
 */
export class PatrolOverlay {
  private period: PatrolPeriod = 'off';
  private line = '';
  private readonly el: HTMLElement;

  constructor(private readonly map: GridMap) {
    this.el = document.createElement('section');
    this.el.id = 'patrol-layer';
    // A map control (top left): it lives with the map, apart from the layer panel's own markup.
    this.el.className = 'maplibregl-ctrl maplibregl-ctrl-group patrol-layer';
    const el = this.el;
    map.map.addControl({ onAdd: () => el, onRemove: () => el.remove() }, 'top-left');
    this.el.addEventListener('change', (e) => {
      const input = e.target as HTMLInputElement;
      if (input.name === 'patrol-period') void this.show(input.value as PatrolPeriod);
    });
    this.render();
  }

  async show(period: PatrolPeriod): Promise<void> {
    this.period = period;
    await this.map.loaded();
    const m = this.map.map;
    if (!m.getSource('patrol-tracks')) {
      m.addSource('patrol-tracks', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      m.addLayer({
        id: 'patrol-tracks-line',
        type: 'line',
        source: 'patrol-tracks',
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': ['case', ['get', 'today'], PATROL_COLOURS.today, PATROL_COLOURS.earlier], 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 2, 17, 5], 'line-opacity': 0.9 },
      });
    }
    const source = m.getSource<GeoJSONSource>('patrol-tracks')!;
    if (period === 'off') {
      source.setData({ type: 'FeatureCollection', features: [] });
      this.line = '';
      this.render();
      document.body.dataset.patrols = 'off';
      return;
    }
    const res = await fetch(`/api/patrols?period=${period}&limit=1000`).catch(() => null);
    if (!res?.ok) {
      this.line = pm('layer.failed');
      this.render();
      document.body.dataset.patrols = 'failed';
      return;
    }
    const { data, count, metres } = patrolTrackData((await res.json()) as GeoJSON.FeatureCollection);
    source.setData(data);
    this.line = count ? pm('layer.summary', { n: count, km: (metres / 1000).toFixed(1) }) : pm('layer.none');
    this.render();
    document.body.dataset.patrols = String(count);
  }

  render(): void {
    const radio = (p: PatrolPeriod) => `<label><input type="radio" name="patrol-period" value="${p}"${this.period === p ? ' checked' : ''} /> ${esc(pm(`layer.${p}`))}</label>`;
    this.el.innerHTML = `<h3>${esc(pm('layer.title'))}</h3><div class="row">${radio('off')}${radio('today')}${radio('week')}</div>${this.line ? `<p class="muted small" data-patrol-summary>${esc(this.line)}</p>` : ''}`;
  }

  /** Redraws the words after a language switch (the numbers stay). */
  refresh(): void {
    if (this.period !== 'off') void this.show(this.period);
    else this.render();
  }
}
