import { booleanPointInPolygon } from '@turf/turf';
import type { GeoJSONSource } from 'maplibre-gl';
import { esc } from '../api.ts';
import type { GridMap } from '../map/grid_map.ts';
import { m } from './messages.ts';
import { newClientId } from './outbox_store.ts';
import type { Outbox } from './outbox.ts';
import type { OutboxPhoto } from './outbox_types.ts';
import { PatrolRecorder } from './patrol_recorder.ts';
import { shrinkPhoto } from './shrink_photo.ts';
import type { Fix } from './track_sampling.ts';

export interface PatrolSheetContext {
  map: GridMap;
  outbox: Outbox;
  me: string;
  /** The units of the user's grid: what a visit can go to. */
  units: GeoJSON.FeatureCollection;
  position: () => { lon: number; lat: number } | null;
  notify: (message: string) => void;
}

/** What the server says of a patrol (GET /api/patrols/:id properties). */
interface PatrolFigures {
  distance_m: number;
  duration_s: number;
  points: number;
  units: string[];
  stopped_at: string | null;
}

/**
 * 巡查与走访: start and stop a patrol (its track recorded from the phone's position and sent in
 * batches through the outbox), its distance, duration and the units it passed through, and a
 * visit (走访) to a unit with a note and an optional photo.
 */
export class PatrolSheet {
  private readonly recorder: PatrolRecorder;
  /** The patrol shown: the running one, else the last one stopped here. */
  private shownId: string | null;
  private figures: PatrolFigures | null = null;
  private photos: (OutboxPhoto & { url: string })[] = [];
  private problem = '';
  private unitCode = '';
  private refreshing: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly ctx: PatrolSheetContext,
  ) {
    this.recorder = new PatrolRecorder(ctx.outbox, ctx.me);
    this.shownId = this.recorder.running?.id ?? localStorage.getItem(this.lastKey);
    root.addEventListener('click', (e) => void this.onClick(e));
    root.addEventListener('change', (e) => void this.onChange(e));
    ctx.outbox.onChange(() => this.refreshSoon());
    // The clock ticks in the head only: the visit form below keeps what is being typed.
    setInterval(() => this.isShown && this.recorder.running && this.renderHead(), 1000);
    this.drawTrack();
  }

  private get lastKey(): string {
    return `gridwork.lastPatrol.${this.ctx.me}`;
  }

  get isShown(): boolean {
    return !this.root.hidden;
  }

  get running(): boolean {
    return this.recorder.running !== null;
  }

  show(): void {
    this.root.hidden = false;
    if (!this.unitCode) this.unitCode = this.unitAt(this.ctx.position()) ?? '';
    this.render();
    this.refreshSoon();
  }

  hide(): void {
    this.root.hidden = true;
  }

  /** A fix from the phone's Geolocation: recorded while a patrol runs. */
  async onFix(fix: Fix): Promise<void> {
    if (await this.recorder.onFix(fix)) {
      this.drawTrack();
      if (this.isShown) this.renderHead();
    }
  }

  private unitAt(p: { lon: number; lat: number } | null): string | undefined {
    if (!p) return undefined;
    const f = this.ctx.units.features.find((u) => (u.geometry.type === 'Polygon' || u.geometry.type === 'MultiPolygon') && booleanPointInPolygon([p.lon, p.lat], u as GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon>));
    return f ? String(f.properties?.code) : undefined;
  }

  private unitName(code: string): string {
    return String(this.ctx.units.features.find((u) => u.properties?.code === code)?.properties?.name ?? code);
  }

  private drawTrack(): void {
    const points = this.recorder.running?.points ?? [];
    const source = this.ctx.map.map.getSource<GeoJSONSource>('field-track');
    source?.setData(points.length >= 2 ? { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: points.map((p) => [p.lon, p.lat]) } } : { type: 'FeatureCollection', features: [] });
  }

  /** Asks the server for the shown patrol's figures, once the outbox has sent what it holds. */
  private refreshSoon(): void {
    if (this.refreshing || !this.shownId || !navigator.onLine) return;
    this.refreshing = setTimeout(async () => {
      this.refreshing = null;
      const res = await fetch(`/api/patrols/${encodeURIComponent(this.shownId!)}`).catch(() => null);
      if (res?.ok) {
        this.figures = ((await res.json()) as { properties: PatrolFigures }).properties;
        if (this.isShown) this.renderHead();
      }
    }, 300);
  }

  private async onClick(e: Event): Promise<void> {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-act]');
    if (!el) return;
    const act = el.dataset.act;
    if (act === 'start') {
      const p = await this.recorder.start();
      this.shownId = p.id;
      this.figures = null;
      const here = this.ctx.position();
      if (here) await this.onFix({ ...here, t: Date.now(), accuracy: (here as { accuracy?: number }).accuracy ?? 10 });
    } else if (act === 'stop') {
      const id = await this.recorder.stop();
      if (id) localStorage.setItem(this.lastKey, id);
      this.drawTrack();
      this.ctx.notify(m('patrol.stopped'));
    } else if (act === 'remove-photo') {
      const [p] = this.photos.splice(Number(el.dataset.index), 1);
      if (p) URL.revokeObjectURL(p.url);
    } else if (act === 'visit') {
      await this.saveVisit();
    }
    if (act === 'start' || act === 'stop') this.renderHead();
    else this.render();
    this.refreshSoon();
  }

  private async onChange(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    if (input.id === 'visit-unit') this.unitCode = input.value;
    if (input.type !== 'file' || !input.files) return;
    const files = [...input.files].slice(0, 3 - this.photos.length);
    input.value = '';
    for (const file of files) {
      const blob = await shrinkPhoto(file);
      this.photos.push({ id: newClientId('ph'), blob, uploaded: false, url: URL.createObjectURL(blob) });
    }
    this.render();
  }

  private async saveVisit(): Promise<void> {
    const note = (this.root.querySelector<HTMLTextAreaElement>('#visit-note')?.value ?? '').trim();
    this.unitCode = this.root.querySelector<HTMLSelectElement>('#visit-unit')?.value ?? this.unitCode;
    if (!this.unitCode) return void (this.problem = m('visit.needUnit'));
    if (!note) return void (this.problem = m('visit.needNote'));
    this.problem = '';
    const photos = this.photos.map(({ url: _u, ...p }) => p);
    for (const p of this.photos) URL.revokeObjectURL(p.url);
    this.photos = [];
    const patrol = this.recorder.running?.id;
    await this.ctx.outbox.add({
      kind: 'visit', id: newClientId('vs'), label: `${this.unitName(this.unitCode)} · ${note.slice(0, 40)}`,
      body: { unit: this.unitCode, note, visited_at: new Date().toISOString(), ...(patrol ? { patrol_id: patrol } : {}) },
      photos, createdAt: Date.now(), state: 'waiting', tries: 0,
    });
    const noteEl = this.root.querySelector<HTMLTextAreaElement>('#visit-note');
    if (noteEl) noteEl.value = '';
    this.ctx.notify(navigator.onLine ? m('visit.saved') : m('sent.queued'));
  }

  /** The whole sheet: the head, then the visit form, keeping what was typed in it. */
  render(): void {
    const note = this.root.querySelector<HTMLTextAreaElement>('#visit-note')?.value ?? '';
    const options = this.ctx.units.features
      .map((u) => String(u.properties?.code))
      .map((code) => `<option value="${esc(code)}"${code === this.unitCode ? ' selected' : ''}>${esc(this.unitName(code))}</option>`)
      .join('');
    this.root.innerHTML = `<h2>${esc(m('patrol.title'))}</h2><div class="patrol-head"></div>
      <h3>${esc(m('visit.title'))}</h3>
      <label>${esc(m('visit.unit'))}<select id="visit-unit"><option value="">${esc(m('visit.chooseUnit'))}</option>${options}</select></label>
      <textarea id="visit-note" rows="2" placeholder="${esc(m('visit.noteHint'))}">${esc(note)}</textarea>
      <div class="photos">${this.photos.map((p, i) => `<figure><img src="${esc(p.url)}" alt="" /><button type="button" data-act="remove-photo" data-index="${i}" aria-label="${esc(m('report.removePhoto'))}">×</button></figure>`).join('')}</div>
      <div class="photo-inputs"><label class="button">${esc(m('report.camera'))}<input id="visit-camera" type="file" accept="image/*" capture="environment" hidden /></label><label class="button">${esc(m('report.gallery'))}<input id="visit-gallery" type="file" accept="image/*" multiple hidden /></label></div>
      ${this.problem ? `<p class="warn">${esc(this.problem)}</p>` : ''}
      <button type="button" class="wide" data-act="visit">${esc(m('visit.save'))}</button>`;
    this.renderHead();
  }

  /** The patrol's state and figures, and the start or stop button. */
  private renderHead(): void {
    const el = this.root.querySelector<HTMLElement>('.patrol-head');
    if (!el) return this.render();
    const running = this.recorder.running;
    const km = (metres: number) => m('patrol.km', { km: (metres / 1000).toFixed(2) });
    const minutes = (s: number) => m('patrol.minutes', { m: Math.floor(s / 60), s: Math.floor(s % 60) });
    const f = this.figures;
    const unitsLine = f && f.units.length ? `<p class="note" data-patrol-units="${f.units.length}">${esc(m('patrol.units', { n: f.units.length, names: f.units.slice(0, 8).map((c) => this.unitName(c)).join('、') }))}</p>` : '';
    const head = running
      ? `<p class="patrol-live" data-patrol-points="${running.points.length}">${esc(m('patrol.running', { km: km(this.recorder.metres), time: minutes((Date.now() - running.startedAt) / 1000), n: running.points.length }))}</p>
         ${f ? `<p class="note">${esc(m('patrol.server', { km: km(f.distance_m), n: f.points }))}</p>` : ''}${unitsLine}
         <button type="button" class="primary wide" data-act="stop">${esc(m('patrol.stop'))}</button>`
      : `${f && this.shownId ? `<p class="note" data-patrol-done="${f.stopped_at ? 'stopped' : 'running'}">${esc(m('patrol.last', { km: km(f.distance_m), time: minutes(f.duration_s), n: f.points }))}</p>${unitsLine}` : `<p class="muted">${esc(m('patrol.hint'))}</p>`}
         <button type="button" class="primary wide" data-act="start">${esc(m('patrol.start'))}</button>`;
    el.innerHTML = head;
  }
}
