import { esc } from '../api.ts';
import { mValue } from '../events/messages.ts';
import { m } from './messages.ts';
import type { Outbox } from './outbox.ts';
import type { OutboxItem } from './outbox_types.ts';
import { refusalText } from './refusal_text.ts';

/** The outbox as a list: what waits to be sent, what was refused and why, what was sent and when. */
export async function renderOutbox(root: HTMLElement, outbox: Outbox): Promise<void> {
  const items = (await outbox.items()).sort((a, b) => b.createdAt - a.createdAt);
  const line = (i: OutboxItem) => {
    const what =
      i.kind === 'report' ? m('outbox.report', { label: i.label })
      : i.kind === 'attach' ? m('outbox.attach', { label: i.label })
      : i.kind === 'patrol_start' || i.kind === 'patrol_points' || i.kind === 'patrol_stop' || i.kind === 'visit' ? m(`outbox.${i.kind}`, { label: i.label })
      : m('outbox.transition', { action: mValue('action', String(i.body.action)), label: i.label });
    const when = new Date(i.sentAt ?? i.createdAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    return `<li class="outbox-item ${i.state}" data-id="${esc(i.id)}" data-state="${i.state}">
      <span class="badge">${esc(m(`outbox.${i.state}`))}</span> ${esc(what)}
      <br /><small>${esc(when)}${i.photos.length ? ` · ${esc(m('outbox.photos', { n: i.photos.length }))}` : ''}${i.problem && i.state !== 'sent' ? ` · <span class="refusal" title="${esc(i.problem)}">${esc(refusalText(i.status ?? 0))}</span>` : ''}</small></li>`;
  };
  const waiting = items.some((i) => i.state === 'waiting');
  root.innerHTML = `<h2>${esc(m('outbox.title'))}</h2>
    ${waiting ? `<button type="button" id="outbox-retry">${esc(m('outbox.retry'))}</button>` : ''}
    ${items.length ? `<ul class="outbox">${items.map(line).join('')}</ul>` : `<p class="muted">${esc(m('outbox.empty'))}</p>`}`;
  root.querySelector('#outbox-retry')?.addEventListener('click', () => void outbox.flush());
}
