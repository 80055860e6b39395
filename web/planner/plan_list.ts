import { esc } from '../api.ts';
import { m, type PlannerMessage } from './messages.ts';
import { planClient } from './plan_client.ts';
import type { Plan } from './plan_types.ts';

/** When a plan was last changed, short and local: "2026-11-22 11:40". */
export function shortTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * The drafts of one root area, newest first, with "new draft" and "import an assignment table";
 * `open` is called with the plan to open.
 */
export async function renderPlanList(el: HTMLElement, root: string, rootName: string, open: (plan: Plan) => void, fail: (err: unknown) => void): Promise<void> {
  const plans = (await planClient.list(root)).filter((p) => p.status !== 'discarded').sort((a, b) => b.updated_at.localeCompare(a.updated_at));
  const items = plans
    .map(
      (p) => `<li data-plan="${esc(p.id)}">
        <a href="?plan=${encodeURIComponent(String(p.id))}" data-open="${esc(p.id)}"><b>${esc(p.name)}</b></a>
        <span class="plan-status plan-${esc(p.status)}">${esc(m(`plan.${p.status}` as PlannerMessage))}</span><br/>
        <small class="muted">${esc(m('list.meta', { rev: String(p.rev), by: p.created_by ?? '—', at: shortTime(p.updated_at) }))}</small>
        ${p.status === 'draft' ? `<button type="button" class="link" data-discard="${esc(p.id)}">${esc(m('list.discard'))}</button>` : ''}
      </li>`,
    )
    .join('');
  el.innerHTML = `
    <h2>${esc(m('list.title', { root: rootName }))}</h2>
    ${plans.length ? `<ul class="plans">${items}</ul>` : `<p class="muted">${esc(m('list.none'))}</p>`}
    <form id="new-plan" class="stack">
      <input name="name" required placeholder="${esc(m('list.name'))}" value="${esc(m('list.defaultName', { root: rootName }))}" />
      <button type="submit">${esc(m('list.new'))}</button>
    </form>
    <form id="import-plan" class="stack">
      <label>${esc(m('list.import'))}<input type="file" name="csv" accept=".csv,text/csv" required /></label>
      <button type="submit">${esc(m('list.importButton'))}</button>
    </form>`;
  el.querySelector<HTMLFormElement>('#new-plan')!.onsubmit = (e) => {
    e.preventDefault();
    const name = new FormData(e.target as HTMLFormElement).get('name') as string;
    planClient.create(root, name).then(open, fail);
  };
  el.querySelector<HTMLFormElement>('#import-plan')!.onsubmit = (e) => {
    e.preventDefault();
    const file = new FormData(e.target as HTMLFormElement).get('csv') as File;
    // The file's bytes as they are: the server decides their encoding (a GBK table from Excel is
    // read as such), where File.text() would turn anything but UTF-8 into U+FFFD for good.
    planClient.importCsv(root, file.name.replace(/\.csv$/i, ''), file).then(open, fail);
  };
  el.onclick = (e) => {
    const target = e.target as HTMLElement;
    const openId = target.closest<HTMLElement>('[data-open]')?.dataset.open;
    const discardId = target.closest<HTMLElement>('[data-discard]')?.dataset.discard;
    const plan = plans.find((p) => String(p.id) === (openId ?? discardId));
    if (openId && plan) {
      e.preventDefault();
      open(plan);
    } else if (discardId && plan) {
      planClient.discard(plan.id).then(() => renderPlanList(el, root, rootName, open, fail), fail);
    }
  };
}
