import { esc } from '../api.ts';
import { currentLang } from '../i18n.ts';
import { eventClock, formatDuration } from './event_clock.ts';
import type { LiveEvent } from './event_model.ts';
import { statusCss } from './event_style.ts';
import { m, mValue } from './messages.ts';

/** GET /api/events/:id: the event, what may be done now, and its history. */
export interface EventDetail extends LiveEvent {
  reporter: string | null;
  address: string | null;
  grid_name: string | null;
  overdue: boolean;
  allowed_actions: string[];
  history: { seq: number; action: string; from_status: string | null; to_status: string; from_level: string | null; to_level: string; assignee: string | null; note: string | null; by: string; at: string }[];
}

const LEVELS = ['grid', 'community', 'town', 'city'];
/** Actions that take a level (`to`), and the one that needs someone to do it. */
const WITH_LEVEL = new Set(['dispatch', 'escalate', 'send_down']);

/**
 * The selected event: its facts, clocks and history, and a button for each action allowed now,
 * posting to /api/events/:id/transitions; a refusal (409, 400) is shown as the server words it.
 */
export class EventDetailView {
  private event: EventDetail | null = null;
  private message: { ok: boolean; text: string } | null = null;

  constructor(
    private readonly el: HTMLElement,
    private readonly categoryName: (code: string) => string,
    /** Who the transitions are logged as (the signed-in user). */
    private readonly by: () => string,
    /** Whether the signed-in user may handle events (events.handle): otherwise the actions are shown, not offered. */
    private readonly mayHandle: boolean,
    private readonly onClose: () => void,
  ) {
    el.addEventListener('click', (e) => {
      const target = e.target as HTMLElement;
      if (target.closest('[data-close]')) this.onClose();
      const button = target.closest<HTMLButtonElement>('button[data-action]');
      if (button) void this.act(button.dataset.action!);
    });
  }

  get id(): string | null {
    return this.event?.id ?? null;
  }

  async open(id: string): Promise<void> {
    const res = await fetch(`/api/events/${encodeURIComponent(id)}`);
    const body = await res.json().catch(() => ({}));
    if (!res.ok) {
      this.event = null;
      this.el.hidden = false;
      this.el.innerHTML = `<button class="close" data-close>×</button><p class="error">${esc(`${res.status} ${body.message ?? ''}`)}</p>`;
      return;
    }
    if (this.event?.id !== id) this.message = null;
    this.event = body as EventDetail;
    this.el.hidden = false;
    this.render();
  }

  hide(): void {
    this.event = null;
    this.el.hidden = true;
  }

  render(): void {
    const e = this.event;
    if (!e) return;
    const lang = currentLang();
    const now = Date.now();
    const clock = eventClock(e, now);
    const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(lang) : '—');
    const due = clock.dueInMs === null ? '' : clock.overdue ? m('overdueBy', { d: formatDuration(clock.dueInMs, lang) }) : m('left', { d: formatDuration(clock.dueInMs, lang) });
    const facts: [string, string][] = [
      [m('description'), e.description],
      [m('grid'), `${e.grid_name ?? ''} ${e.grid_code ?? ''}`],
      [m('level'), mValue('level', e.level)],
      [m('assignee'), e.assignee ?? '—'],
      [m('reportedAt'), `${when(e.reported_at)} (${m('ago', { d: formatDuration(clock.sinceMs, lang) })})`],
      [m('dueAt'), `${when(e.due_at)} ${due}`],
      [m('source'), e.source],
      [m('reporter'), e.reporter ?? '—'],
      [m('address'), e.address ?? '—'],
    ];
    const history = e.history
      .map((h) => {
        const move = h.from_status && h.from_status !== h.to_status ? `${mValue('status', h.from_status)} → ${mValue('status', h.to_status)}` : mValue('status', h.to_status);
        const level = h.from_level && h.from_level !== h.to_level ? ` · ${mValue('level', h.from_level)} → ${mValue('level', h.to_level)}` : '';
        return `<li><b>${esc(mValue('action', h.action))}</b> ${esc(move)}${esc(level)}${h.assignee && h.action === 'dispatch' ? ` · ${esc(h.assignee)}` : ''}
          <br/><span class="muted small">${esc(when(h.at))} · ${esc(h.by)}${h.note ? ` · ${esc(h.note)}` : ''}</span></li>`;
      })
      .join('');
    const needsLevel = e.allowed_actions.some((a) => WITH_LEVEL.has(a));
    const actions = e.allowed_actions.length
      ? `<div class="action-form">
          ${e.allowed_actions.includes('dispatch') ? `<label>${esc(m('assigneeInput'))}<input name="assignee" value="${esc(e.assignee ?? '')}"/></label>` : ''}
          ${needsLevel ? `<label>${esc(m('toLevel'))}<select name="to"><option value="">${esc(m('keepLevel'))}</option>${LEVELS.map((l) => `<option value="${l}">${esc(mValue('level', l))}</option>`).join('')}</select></label>` : ''}
          <label>${esc(m('note'))}<input name="note"/></label>
          <div class="buttons">${e.allowed_actions.map((a) => `<button type="button" data-action="${esc(a)}" ${this.mayHandle ? '' : 'disabled'}>${esc(mValue('action', a))}</button>`).join('')}</div>
          ${this.mayHandle ? '' : `<p class="muted small" id="read-only">${esc(m('readOnly'))}</p>`}
        </div>`
      : `<p class="muted">${esc(m('noActions'))}</p>`;
    const message = this.message ? `<p class="${this.message.ok ? 'ok' : 'error'}" id="action-message">${esc(this.message.text)}</p>` : '';
    this.el.innerHTML = `
      <button class="close" data-close title="${esc(m('close'))}">×</button>
      <h2>${esc(this.categoryName(e.category))} <span class="badge" style="background:${statusCss(e.status)}">${esc(mValue('status', e.status))}</span></h2>
      <p class="muted small">${esc(e.id)} · ${esc(mValue('severity', e.severity))}${clock.overdue ? ` · <b class="overdue-text">${esc(m('overdue'))}</b>` : ''}</p>
      <dl class="counts">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>
      <h3>${esc(m('actions'))}</h3>${message}${actions}
      <h3>${esc(m('history'))}</h3><ol class="history">${history}</ol>`;
  }

  private async act(action: string): Promise<void> {
    const e = this.event;
    if (!e) return;
    const value = (name: string) => (this.el.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)?.value ?? '').trim();
    const body: Record<string, string> = { action, by: this.by() };
    if (action === 'dispatch' && value('assignee')) body.assignee = value('assignee');
    if (WITH_LEVEL.has(action) && value('to')) body.to = value('to');
    if (value('note')) body.note = value('note');
    const res = await fetch(`/api/events/${encodeURIComponent(e.id)}/transitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = await res.json().catch(() => ({}));
    this.message = res.ok ? { ok: true, text: m('done', { action: mValue('action', action) }) } : { ok: false, text: m('refused', { message: `${res.status} ${answer.message ?? res.statusText}` }) };
    await this.open(e.id);
  }
}
