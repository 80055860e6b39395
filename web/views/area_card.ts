import { esc, getJson, tryJson } from '../api.ts';
import { t, tValue } from '../i18n.ts';
import { pageHref } from '../nav.ts';
import { bandWords, SIZING_COLOURS, type AreaCountsRow } from '../map/sizing_status.ts';
import { areaCard, type AreaCard, type AreaDetail, type AreaSummary, type StaffRow } from './area_card_model.ts';

/**
 * The area card (right-hand panel): loads what it can about one area and draws it; the chain of
 * parents is clickable (calls `onOpen` with a code).
 */
export class AreaCardView {
  private card: AreaCard | null = null;

  /** The area the card shows, or null when closed. */
  get current(): AreaCard | null {
    return this.card;
  }

  constructor(
    private readonly el: HTMLElement,
    private readonly countsFor: (code: string, level: string) => Promise<AreaCountsRow | null>,
    private readonly onOpen: (code: string) => void,
    private readonly onClose: () => void,
  ) {
    el.addEventListener('click', (e) => {
      const target = e.target as HTMLElement;
      const code = target.closest<HTMLElement>('[data-code]')?.dataset.code;
      if (code) onOpen(code);
      if (target.closest('[data-close]')) this.close();
    });
  }

  async open(code: string): Promise<AreaCard> {
    const detail = await getJson<AreaDetail>(`/api/areas/${encodeURIComponent(code)}`);
    const [summary, staff, counts] = await Promise.all([
      tryJson<AreaSummary>(`/api/areas/${encodeURIComponent(code)}/summary`),
      tryJson<{ staff: StaffRow[] }>(`/api/staff?within=${encodeURIComponent(code)}&limit=500`),
      this.countsFor(code, detail.level),
    ]);
    this.card = areaCard(detail, summary.data, counts, staff.data?.staff ?? []);
    this.render();
    return this.card;
  }

  close(): void {
    this.card = null;
    this.render();
    this.onClose();
  }

  render(): void {
    const c = this.card;
    this.el.hidden = !c;
    if (!c) return;
    const n = (v: number | null) => (v === null ? '—' : v.toLocaleString());
    const chain = c.chain.map((a) => `<a href="#" data-code="${esc(a.code)}">${esc(a.name)}</a>`).join(' › ');
    const sizing = c.sizing
      ? ` <span class="swatch" style="background:${SIZING_COLOURS[c.sizing]}"></span>${esc(t(`sizing.${c.sizing}`, bandWords(c.sizingBand)))}`
      : '';
    const staff = c.staff.length
      ? c.staff.map((s) => `<li><b>${esc(tValue('role', s.role))}</b> ${s.names.map(esc).join('、')}</li>`).join('')
      : `<li class="muted">${esc(t('card.noStaff'))}</li>`;
    const party = c.partyOrgs.length ? `<p><b>${esc(t('card.partyOrgs'))}</b> ${c.partyOrgs.map(([k, v]) => `${esc(tValue('party', k))} ${v}`).join('，')}</p>` : '';
    const cats = c.facilitiesByCategory.length ? `<p class="muted">${c.facilitiesByCategory.map(([k, v]) => `${esc(tValue('facility', k))} ${v}`).join('，')}</p>` : '';
    const link = (view: 'planner' | 'sizing' | 'events') =>
      `<a href="${esc(pageHref(view, c.code))}">${esc(t(`card.${view}`))}</a>`;
    this.el.innerHTML = `
      <button type="button" class="close" data-close aria-label="${esc(t('card.close'))}">×</button>
      <h2>${esc(c.name)}</h2>
      <p class="muted">${esc(tValue('level', c.level))} · ${esc(c.code)} · ${esc(tValue('kind', c.kind))}${c.dedicated ? ` · <b>${esc(t('card.dedicated'))}</b>` : ''} · ${esc(c.surface)}</p>
      ${chain ? `<p class="chain">${esc(t('card.chain'))}${chain}</p>` : ''}
      <dl class="counts">
        <dt>${esc(t('card.households'))}</dt><dd data-count="households">${n(c.households)}${sizing}</dd>
        <dt>${esc(t('card.people'))}</dt><dd data-count="people">${n(c.people)}</dd>
        <dt>${esc(t('card.floating'))}</dt><dd data-count="floating">${n(c.floating)}</dd>
        <dt>${esc(t('card.facilities'))}</dt><dd data-count="facilities">${n(c.facilities)}</dd>
        <dt>${esc(t('card.openEvents'))}</dt><dd data-count="open_events">${n(c.openEvents)}</dd>
      </dl>
      ${cats}
      <h3>${esc(t('card.staff'))}</h3>
      <ul class="staff">${staff}</ul>
      ${party}
      <p class="links">${esc(t('card.links'))}${link('planner')} · ${link('sizing')} · ${link('events')}</p>
      <p class="muted small">${esc(t('card.countsFrom'))}</p>`;
  }
}
