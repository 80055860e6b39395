import { esc } from '../api.ts';
import { fetchNoting, isOffline } from '../reachability.ts';
import { currentLang } from '../i18n.ts';
import type { GridMap } from '../map/grid_map.ts';
import { formatDuration } from '../events/event_clock.ts';
import { mValue } from '../events/messages.ts';
import { m } from './messages.ts';
import { newClientId } from './outbox_store.ts';
import type { Outbox } from './outbox.ts';
import type { OutboxPhoto } from './outbox_types.ts';
import { shrinkPhoto } from './shrink_photo.ts';

export interface Category {
  code: string;
  name_zh: string;
  name_en: string;
}

/** GET /api/events/check's answer. */
interface ReportCheck {
  where: 'inside' | 'outside_scope' | 'no_grid';
  grid: { code: string; name: string } | null;
  edge_m: number | null;
  near_edge: boolean;
  address: string | null;
  likely_duplicates: { id: string; description: string; status: string; distance_m: number; reported_at: string; photo_ref: string | null }[];
}

const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
const MAX_PHOTOS = 9;

/** Where the form gets the phone's position and tells the page what happened. */
export interface ReportFormContext {
  map: GridMap;
  outbox: Outbox;
  categories: Category[];
  reporter: string;
  position: () => { lon: number; lat: number; accuracy: number } | null;
  /** Called once the report is kept (sent or waiting), with the line to show. */
  /** The form was sent: what to tell the user, and the outbox item's id while it is not sent yet. */
  onDone: (message: string, waitingId?: string) => void;
  onCancel: () => void;
  /** The form is a sheet along the bottom of the map (the phone), not a panel beside it (a desk page). */
  atBottom?: boolean;
}

/**
 * The report form (事件上报) in a sheet over the map: category as large buttons, severity,
 * description, one to nine photos (camera or gallery, shrunk on the phone), the place from the
 * GPS or a pin (tap the map, drag the pin), the address filled in from the server's check. Before
 * sending it shows the check: outside the user's grid, near its edge, similar events nearby
 * with the choice to add the photos to one instead. What is sent goes through the outbox, so it
 * is kept on the phone when there is no network.
 */
export class ReportForm {
  private category: string | null = null;
  private severity: (typeof SEVERITIES)[number] = 'medium';
  private photos: (OutboxPhoto & { url: string })[] = [];
  private location: [number, number] | null = null;
  private accuracy: number | undefined;
  private addressTyped = false;
  private check: ReportCheck | null | 'offline' = null;
  private checkSeq = 0;
  private problem = '';
  private busy = '';

  constructor(
    private readonly root: HTMLElement,
    private readonly ctx: ReportFormContext,
  ) {
    root.addEventListener('click', (e) => this.onClick(e));
    root.addEventListener('change', (e) => void this.onChange(e));
    root.addEventListener('input', (e) => {
      const el = e.target as HTMLElement;
      if (el.id === 'report-address') this.addressTyped = true;
    });
  }

  open(): void {
    this.root.hidden = false;
    const p = this.ctx.position();
    if (p && !this.location) this.setLocation([p.lon, p.lat], p.accuracy);
    this.render();
    // The sheet covers the lower part of the map: the pin is centred in what stays in sight.
    if (this.ctx.atBottom !== false) this.ctx.map.setBottomPadding(this.root.offsetHeight);
    if (this.location) this.ctx.map.easeTo(this.location, 16);
  }

  close(): void {
    this.root.hidden = true;
    this.ctx.map.placePin(null);
    this.ctx.map.setBottomPadding(0);
  }

  get isOpen(): boolean {
    return !this.root.hidden;
  }

  /** A tap on the map while the form is open: the report's place. */
  tapAt(lngLat: [number, number]): void {
    this.setLocation(lngLat, undefined);
  }

  private setLocation(at: [number, number], accuracy: number | undefined): void {
    this.location = at;
    this.accuracy = accuracy;
    this.ctx.map.placePin(at, (moved) => this.setLocation(moved, undefined));
    void this.runCheck();
  }

  private async runCheck(): Promise<void> {
    if (!this.location) return;
    const seq = ++this.checkSeq;
    const q = new URLSearchParams({ lon: this.location[0].toFixed(7), lat: this.location[1].toFixed(7) });
    if (this.category) q.set('category', this.category);
    if (this.accuracy !== undefined) q.set('accuracy', String(Math.round(this.accuracy)));
    let result: ReportCheck | 'offline';
    try {
      const res = await fetchNoting(`/api/events/check?${q}`);
      result = res.ok ? ((await res.json()) as ReportCheck) : 'offline';
    } catch {
      result = 'offline';
    }
    if (seq !== this.checkSeq) return;
    this.check = result;
    if (result !== 'offline' && !this.addressTyped) {
      // Filled from the check, and emptied again when the point moves where no address is known.
      const input = this.root.querySelector<HTMLInputElement>('#report-address');
      if (input) input.value = result.address ?? '';
    }
    this.render();
  }

  private onClick(e: Event): void {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-act]');
    if (!el) return;
    const act = el.dataset.act!;
    if (act === 'category') {
      this.category = el.dataset.code!;
      void this.runCheck();
    } else if (act === 'severity') this.severity = el.dataset.code as (typeof SEVERITIES)[number];
    else if (act === 'gps') {
      const p = this.ctx.position();
      if (p) {
        this.setLocation([p.lon, p.lat], p.accuracy);
        this.ctx.map.easeTo([p.lon, p.lat], 16);
      }
    } else if (act === 'remove-photo') {
      const i = Number(el.dataset.index);
      URL.revokeObjectURL(this.photos[i].url);
      this.photos.splice(i, 1);
    } else if (act === 'send') {
      void this.send();
      return;
    } else if (act === 'attach') {
      void this.attach(el.dataset.id!);
      return;
    } else if (act === 'cancel') {
      this.reset();
      this.ctx.onCancel();
      return;
    }
    this.keepTyped();
    this.render();
  }

  private async onChange(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    if (input.type !== 'file' || !input.files) return;
    const files = [...input.files];
    input.value = '';
    this.keepTyped();
    if (this.photos.length + files.length > MAX_PHOTOS) this.problem = m('report.tooManyPhotos');
    this.busy = m('report.shrinking');
    this.render();
    for (const file of files.slice(0, MAX_PHOTOS - this.photos.length)) {
      const blob = await shrinkPhoto(file);
      this.photos.push({ id: newClientId('ph'), blob, uploaded: false, url: URL.createObjectURL(blob) });
      this.render();
    }
    this.busy = '';
    this.render();
  }

  /** The description and address as typed, kept across a re-render. */
  private keepTyped(): void {
    const d = this.root.querySelector<HTMLTextAreaElement>('#report-description');
    const a = this.root.querySelector<HTMLInputElement>('#report-address');
    if (d) this.root.dataset.description = d.value;
    if (a) this.root.dataset.address = a.value;
  }

  private async send(): Promise<void> {
    this.keepTyped();
    const description = (this.root.dataset.description ?? '').trim();
    const address = (this.root.dataset.address ?? '').trim();
    this.problem = !this.category ? m('report.needCategory') : !description ? m('report.needDescription') : !this.location ? m('report.needLocation') : '';
    if (this.problem) {
      this.render();
      return;
    }
    const id = newClientId('ev');
    const name = this.categoryName(this.category!);
    await this.ctx.outbox.add({
      kind: 'report',
      id,
      createdAt: Date.now(),
      photos: this.photos.map(({ url: _u, ...p }) => p),
      state: 'waiting',
      tries: 0,
      label: `${name} · ${description.slice(0, 40)}`,
      body: {
        category: this.category,
        severity: this.severity,
        description,
        location: { lon: this.location![0], lat: this.location![1] },
        ...(address ? { address } : {}),
        source: 'patrol',
        reporter: this.ctx.reporter,
      },
    });
    const item = (await this.ctx.outbox.items()).find((i) => i.id === id);
    this.reset();
    if (item?.state === 'sent') this.ctx.onDone(m('sent.ok'));
    else this.ctx.onDone(isOffline() ? m('sent.queued') : m('sent.sending'), id);
  }

  private async attach(eventId: string): Promise<void> {
    if (this.photos.length === 0) {
      this.problem = m('dup.attachNoPhoto');
      this.render();
      return;
    }
    const dup = this.check !== 'offline' ? this.check?.likely_duplicates.find((d) => d.id === eventId) : undefined;
    await this.ctx.outbox.add({
      kind: 'attach',
      id: newClientId('at'),
      eventId,
      createdAt: Date.now(),
      photos: this.photos.map(({ url: _u, ...p }) => p),
      state: 'waiting',
      tries: 0,
      label: dup?.description.slice(0, 40) ?? eventId,
    });
    this.reset();
    this.ctx.onDone(m('sent.attached'));
  }

  private reset(): void {
    for (const p of this.photos) URL.revokeObjectURL(p.url);
    Object.assign(this, { category: null, severity: 'medium', photos: [], location: null, accuracy: undefined, addressTyped: false, check: null, problem: '', busy: '' });
    delete this.root.dataset.description;
    delete this.root.dataset.address;
    this.root.replaceChildren();
    this.close();
  }

  private categoryName(code: string): string {
    const c = this.ctx.categories.find((x) => x.code === code);
    return c ? (currentLang() === 'zh-CN' ? c.name_zh : c.name_en) : code;
  }

  render(): void {
    this.keepTyped();
    const chosen = (on: boolean) => (on ? ' aria-pressed="true" class="chosen"' : ' aria-pressed="false"');
    const check = this.check;
    let checkHtml = '';
    if (check === 'offline') checkHtml = `<p class="note">${esc(m('check.offline'))}</p>`;
    else if (check) {
      if (check.where === 'outside_scope') checkHtml = `<p class="warn" role="alert">${esc(m('check.outside'))}</p>`;
      else if (check.where === 'no_grid') checkHtml = `<p class="warn" role="alert">${esc(m('check.noGrid'))}</p>`;
      else {
        checkHtml = `<p class="note">${esc(m('check.inGrid', { grid: check.grid?.name ?? '' }))}</p>`;
        if (check.near_edge) checkHtml += `<p class="warn" role="alert">${esc(m('check.nearEdge', { m: Math.round(check.edge_m ?? 0) }))}</p>`;
      }
      if (check.likely_duplicates.length) {
        const lang = currentLang();
        checkHtml += `<section class="dups"><h3>${esc(m('dup.title'))}</h3><ul>${check.likely_duplicates
          .map(
            (d) => `<li>
              ${d.photo_ref ? `<img src="${esc(d.photo_ref)}?size=thumb" alt="" />` : ''}
              <div><b>${esc(d.description.slice(0, 60))}</b><br /><small>${esc(m('dup.item', { distance: Math.round(d.distance_m), status: mValue('status', d.status), when: formatDuration(Date.now() - Date.parse(d.reported_at), lang) }))}</small><br />
              <button type="button" data-act="attach" data-id="${esc(d.id)}">${esc(m('dup.attach'))}</button></div></li>`,
          )
          .join('')}</ul><p class="small">${esc(m('dup.sendAnyway'))} ↓</p></section>`;
      }
    }
    this.root.innerHTML = `
      <h2>${esc(m('report.title'))}</h2>
      <h3>${esc(m('report.category'))}</h3>
      <div class="big-choices">${this.ctx.categories
        .map((c) => `<button type="button" data-act="category" data-code="${esc(c.code)}"${chosen(c.code === this.category)}>${esc(this.categoryName(c.code))}</button>`)
        .join('')}</div>
      <h3>${esc(m('report.severity'))}</h3>
      <div class="segmented">${SEVERITIES.map((s) => `<button type="button" data-act="severity" data-code="${s}"${chosen(s === this.severity)}>${esc(mValue('severity', s))}</button>`).join('')}</div>
      <h3><label for="report-description">${esc(m('report.description'))}</label></h3>
      <textarea id="report-description" rows="3" maxlength="4000" placeholder="${esc(m('report.descriptionHint'))}">${esc(this.root.dataset.description ?? '')}</textarea>
      <h3>${esc(m('report.photos', { n: this.photos.length }))}</h3>
      <div class="photos">${this.photos
        .map((p, i) => `<figure><img src="${esc(p.url)}" alt="" /><button type="button" data-act="remove-photo" data-index="${i}" aria-label="${esc(m('report.removePhoto'))}">×</button></figure>`)
        .join('')}</div>
      <div class="photo-inputs">
        <label class="button">${esc(m('report.camera'))}<input id="photo-camera" type="file" accept="image/*" capture="environment" hidden /></label>
        <label class="button">${esc(m('report.gallery'))}<input id="photo-gallery" type="file" accept="image/jpeg,image/png,image/webp,image/*" multiple hidden /></label>
      </div>
      ${this.busy ? `<p class="note">${esc(this.busy)}</p>` : ''}
      <h3>${esc(m('report.location'))}</h3>
      <p class="small">${esc(this.location ? `${this.location[0].toFixed(6)}, ${this.location[1].toFixed(6)}` : m('report.noLocation'))}</p>
      <div class="row">${this.ctx.position() ? `<button type="button" data-act="gps">${esc(m('report.useGps'))}</button>` : ''}<span class="small muted">${esc(m('report.tapMap'))}</span></div>
      ${checkHtml}
      <h3><label for="report-address">${esc(m('report.address'))}</label></h3>
      <input id="report-address" type="text" maxlength="500" placeholder="${esc(m('report.addressHint'))}" value="${esc(this.root.dataset.address ?? (check && check !== 'offline' ? (check.address ?? '') : ''))}" />
      ${this.problem ? `<p class="warn" role="alert">${esc(this.problem)}</p>` : ''}
      <div class="row actions"><button type="button" data-act="cancel">${esc(m('report.cancel'))}</button><button type="button" class="primary" data-act="send" id="report-send">${esc(m('report.send'))}</button></div>`;
  }
}
