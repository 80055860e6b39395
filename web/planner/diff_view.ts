import { esc } from '../api.ts';
import { m, type PlannerMessage } from './messages.ts';
import { diffModel } from './diff_lists.ts';
import type { Diff } from './plan_types.ts';

/** "Compare with published": the changed cells' counts and, per register, what would move where. */
export function renderDiff(el: HTMLElement, diff: Diff, names: Map<string, string>, onClose: () => void): void {
  const model = diffModel(diff, names);
  const place = (s: string | null) => esc(s ?? m('diff.nowhere'));
  const sections = model.sections
    .map(
      (s) => `<section data-moves="${s.kind}">
        <h4>${esc(m(`diff.${s.kind}` as PlannerMessage))} <small class="muted">${esc(m('diff.total', { n: s.total }))}</small></h4>
        ${s.rows.length ? `<ul class="moves">${s.rows.map((r) => `<li>${r.what ? `<b>${esc(r.what)}</b> ` : ''}${place(r.from)} → ${place(r.to)}${r.what ? '' : ` <b>${r.count}</b>`}</li>`).join('')}</ul>` : ''}
      </section>`,
    )
    .join('');
  el.innerHTML = `
    <h3>${esc(m('diff.title'))} <button type="button" class="link" data-close-diff>${esc(m('diff.close'))}</button></h3>
    ${model.empty ? `<p class="muted">${esc(m('diff.none'))}</p>` : `<p>${esc(m('diff.cells', { changed: model.cells.changed.length, new: model.cells.new.length, deleted: model.cells.deleted.length, units: model.units }))}</p>${sections}`}`;
  el.querySelector('[data-close-diff]')?.addEventListener('click', onClose);
}
