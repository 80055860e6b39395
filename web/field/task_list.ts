import { fetchNoting } from '../reachability.ts';
import { esc } from '../api.ts';
import { currentLang } from '../i18n.ts';
import { formatDuration } from '../events/event_clock.ts';
import { followEventStream } from '../events/event_stream.ts';
import { mValue } from '../events/messages.ts';
import type { FeedMessage } from '../events/event_model.ts';
import { m } from './messages.ts';
import { newClientId } from './outbox_store.ts';
import type { Outbox } from './outbox.ts';
import type { OutboxPhoto } from './outbox_types.ts';
import type { Category } from './report_form.ts';
import { shrinkPhoto } from './shrink_photo.ts';
import { clockOf, fieldActions, sortTasks, type Task } from './task_model.ts';

export interface TaskListContext {
  outbox: Outbox;
  me: string;
  /** The user's area: tasks are the open events under it. */
  areaCode: string;
  categories: Category[];
  /** A line for the page's toast (a new task arrived). */
  notify: (message: string) => void;
}

/**
 * 我的任务: the events dispatched to the user or open in their area, most urgent first, with
 * their deadline clocks, and the steps they may take on each (受理, 领取, 开始处置, 办结 with a
 * photo and a note, 退回, 申请上报). A step goes through the outbox (with its client id), so it
 * is kept when there is no network; the list follows the event stream, so a task dispatched to
 * the user appears without a reload.
 */
export class TaskList {
  private tasks: Task[] = [];
  private pending = new Map<string, string>(); // event id → the action waiting in the outbox
  private open: { id: string; action: string } | null = null;
  private photos: (OutboxPhoto & { url: string })[] = [];
  private problem = '';
  private reloading: ReturnType<typeof setTimeout> | null = null;
  private stream: (() => void) | null = null;
  private loaded = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly ctx: TaskListContext,
  ) {
    root.addEventListener('click', (e) => void this.onClick(e));
    root.addEventListener('change', (e) => void this.onPhotos(e));
    ctx.outbox.onChange(() => void this.syncPending());
    setInterval(() => this.isShown && !this.open && this.render(), 30_000);
  }

  get isShown(): boolean {
    return !this.root.hidden;
  }

  /** Loads the list (and starts following the stream, the first time). */
  async load(): Promise<void> {
    const q = new URLSearchParams({ status: 'open', area: this.ctx.areaCode, limit: '500' });
    try {
      const res = await fetchNoting(`/api/events?${q}`);
      if (!res.ok) throw new Error(`${res.status}`);
      const page = (await res.json()) as { events: Task[]; last_seq: number };
      this.tasks = page.events;
      this.loaded = true;
      if (!this.stream) this.stream = followEventStream(page.last_seq, (msg) => this.onFeed(msg), () => undefined);
    } catch {
      // Offline: the list as last loaded (or as the service worker kept it).
    }
    await this.syncPending();
  }

  private onFeed(msg: FeedMessage): void {
    if (msg.action === 'dispatch' && msg.event.assignee === this.ctx.me) this.ctx.notify(m('task.new', { what: msg.event.description.slice(0, 30) }));
    // The list is read again (once for a burst): the server says what may be done next.
    if (this.reloading) clearTimeout(this.reloading);
    this.reloading = setTimeout(() => {
      this.reloading = null;
      void this.load();
    }, 200);
  }

  private async syncPending(): Promise<void> {
    const items = await this.ctx.outbox.items();
    this.pending = new Map(items.filter((i) => i.kind === 'transition' && i.state === 'waiting').map((i) => [(i as { eventId: string }).eventId, String((i as { body: Record<string, unknown> }).body.action)]));
    if (this.isShown) this.render();
  }

  show(): void {
    this.root.hidden = false;
    this.render();
    void this.load();
  }

  hide(): void {
    this.root.hidden = true;
  }

  private async onClick(e: Event): Promise<void> {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-act]');
    if (!el) return;
    const { act, id, action } = el.dataset;
    if (act === 'step') {
      this.open = { id: id!, action: action! };
      this.problem = '';
      this.render();
    } else if (act === 'cancel-step') {
      this.clearStep();
      this.render();
    } else if (act === 'confirm-step') await this.confirm();
    else if (act === 'remove-photo') {
      const [p] = this.photos.splice(Number(el.dataset.index), 1);
      URL.revokeObjectURL(p.url);
      this.render();
    }
  }

  private async onPhotos(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    if (input.type !== 'file' || !input.files) return;
    const files = [...input.files].slice(0, 9 - this.photos.length);
    input.value = '';
    for (const f of files) {
      const blob = await shrinkPhoto(f);
      this.photos.push({ id: newClientId('ph'), blob, uploaded: false, url: URL.createObjectURL(blob) });
    }
    this.render();
  }

  private async confirm(): Promise<void> {
    if (!this.open) return;
    const { id, action } = this.open;
    const task = this.tasks.find((t) => t.id === id);
    const note = this.root.querySelector<HTMLTextAreaElement>('#step-note')?.value.trim() ?? '';
    if (action === 'resolve' && this.photos.length === 0) {
      this.problem = m('task.needPhoto');
      this.render();
      return;
    }
    if ((action === 'return' || action === 'escalate') && !note) {
      this.problem = m('task.needNote');
      this.render();
      return;
    }
    const body: Record<string, unknown> =
      action === 'take' ? { action: 'dispatch', assignee: this.ctx.me, by: this.ctx.me } : { action, by: this.ctx.me };
    if (note) body.note = note;
    const photos = this.photos.map(({ url: _u, ...p }) => p);
    this.clearStep();
    this.pending.set(id, String(body.action));
    this.render();
    await this.ctx.outbox.add({
      kind: 'transition', id: newClientId('st'), eventId: id, body, photos, createdAt: Date.now(), state: 'waiting', tries: 0,
      label: task ? task.description.slice(0, 40) : id,
    });
    await this.load();
  }

  private clearStep(): void {
    for (const p of this.photos) URL.revokeObjectURL(p.url);
    this.photos = [];
    this.open = null;
    this.problem = '';
  }

  private categoryName(code: string): string {
    const c = this.ctx.categories.find((x) => x.code === code);
    return c ? (currentLang() === 'zh-CN' ? c.name_zh : c.name_en) : code;
  }

  render(): void {
    const now = Date.now();
    const lang = currentLang();
    const me = this.ctx.me;
    const tasks = sortTasks(this.tasks, me, now);
    const actionName = (a: string) => (a === 'take' ? m('task.take') : a === 'escalate' ? m('task.escalate') : mValue('action', a));
    const card = (t: Task) => {
      const clock = clockOf(t, now);
      const waiting = this.pending.get(t.id);
      const form =
        this.open?.id === t.id
          ? `<div class="step-form">
              <h3>${esc(actionName(this.open.action))}</h3>
              <textarea id="step-note" rows="2" maxlength="4000" placeholder="${esc(m('task.note'))}"></textarea>
              ${this.open.action === 'resolve' ? `<div class="photos">${this.photos.map((p, i) => `<figure><img src="${esc(p.url)}" alt="" /><button type="button" data-act="remove-photo" data-index="${i}" aria-label="${esc(m('report.removePhoto'))}">×</button></figure>`).join('')}</div>
                <div class="photo-inputs"><label class="button">${esc(m('report.camera'))}<input id="step-camera" type="file" accept="image/*" capture="environment" hidden /></label><label class="button">${esc(m('report.gallery'))}<input id="step-gallery" type="file" accept="image/*" multiple hidden /></label></div>` : ''}
              ${this.problem ? `<p class="warn" role="alert">${esc(this.problem)}</p>` : ''}
              <div class="row actions"><button type="button" data-act="cancel-step">${esc(m('report.cancel'))}</button><button type="button" class="primary" data-act="confirm-step" id="step-confirm">${esc(m('task.confirm'))}</button></div>
            </div>`
          : '';
      const actions = waiting
        ? `<p class="note">${esc(m('task.waiting', { action: actionName(waiting === 'dispatch' ? 'take' : waiting) }))}</p>`
        : fieldActions(t, me).map((a) => `<button type="button" data-act="step" data-id="${esc(t.id)}" data-action="${a}"${a === 'resolve' ? ' class="primary"' : ''}>${esc(actionName(a))}</button>`).join('');
      return `<li class="task${clock?.overdue ? ' overdue' : ''}${t.assignee === me ? ' mine' : ''}" data-id="${esc(t.id)}" data-status="${esc(t.status)}">
        <div class="task-head"><b>${esc(this.categoryName(t.category))}</b> <span class="sev sev-${esc(t.severity)}">${esc(mValue('severity', t.severity))}</span> <span class="status">${esc(mValue('status', t.status))}</span>
        ${clock ? `<span class="clock${clock.overdue ? ' late' : ''}">${esc(m(clock.overdue ? 'task.overdue' : 'task.left', { d: formatDuration(clock.ms, lang) }))}</span>` : ''}</div>
        <div class="task-body">${t.photo_ref ? `<img src="${esc(t.photo_ref)}?size=thumb" alt="" />` : ''}<div>${esc(t.description)}${t.address ? `<br /><small>${esc(t.address)}</small>` : ''}${t.assignee === me ? `<br /><small class="mine-tag">${esc(m('task.mine'))}</small>` : ''}</div></div>
        <div class="row task-actions">${actions}</div>${form}</li>`;
    };
    this.root.innerHTML = `<h2>${esc(m('task.title', { n: tasks.length }))}</h2>
      ${!this.loaded ? `<p class="muted">${esc(m('loading'))}</p>` : tasks.length ? `<ul class="tasks">${tasks.map(card).join('')}</ul>` : `<p class="muted">${esc(m('task.none'))}</p>`}`;
  }
}
