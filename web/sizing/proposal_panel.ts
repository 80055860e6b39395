import { esc } from '../api.ts';
import { cellSummary } from './cell_summary.ts';
import { m } from './messages.ts';
import { proposalMoves } from './proposal_model.ts';
import type { SizingCell, SizingProposal, SizingRollup } from './sizing_types.ts';

export type Selection = { type: 'grid'; cell: SizingCell } | { type: 'community'; rollup: SizingRollup } | null;

export interface PanelState {
  selection: Selection;
  busy: boolean;
  proposal: SizingProposal | null;
  /** A refusal or failure to show (the server's words). */
  message: string | null;
  /** The signed-in user may ask for proposals (sizing.propose: analysts and planners). */
  mayPropose: boolean;
  /** The signed-in user may open a proposal as a draft plan (plans.edit: planners). */
  mayDraft: boolean;
}

/**
 * The side panel: what is selected, the proposal buttons it allows (split an over-full grid,
 * merge an under-full one, rebalance a community), the proposal's grids and moves, and "open in
 * planner". Buttons carry data-propose / data-planner / data-clear for the page to act on.
 */
export function renderProposalPanel(el: HTMLElement, s: PanelState): void {
  const sel = s.selection;
  if (!sel) {
    el.innerHTML = `<p class="muted">${esc(m('select'))}</p>`;
    return;
  }
  let head: string;
  let buttons = '';
  if (sel.type === 'grid') {
    const c = sel.cell;
    head = `<h2>${esc(c.name)}</h2><p class="muted small">${esc(m('grid'))} ${esc(c.code)}</p>${cellSummary(c)}`;
    if (c.status === 'over') buttons = `<button data-propose="split">${esc(m('proposeSplit'))}</button>`;
    else if (c.status === 'under') buttons = `<button data-propose="merge">${esc(m('proposeMerge'))}</button>`;
    else buttons = `<p class="muted small">${esc(m('noProposal'))}</p>`;
  } else {
    const r = sel.rollup;
    head = `<h2>${esc(r.name)}</h2><p class="muted small">${esc(m('community'))} ${esc(r.code)}</p>
      <dl class="counts"><dt>${esc(m('col.grids'))}</dt><dd>${r.cells}</dd><dt>${esc(m('households'))}</dt><dd>${r.households}</dd>
      <dt>${esc(m('col.breaches'))}</dt><dd>${r.breaches} (${esc(m('status.under'))} ${r.under}, ${esc(m('status.over'))} ${r.over})</dd></dl>`;
    if (r.level !== 'town') buttons = `<button data-propose="rebalance">${esc(m('proposeRebalance'))}</button>`;
  }
  if (!s.mayPropose && buttons.includes('data-propose')) {
    buttons = buttons.replace('<button ', '<button disabled ') + `<p class="muted small" id="propose-note">${esc(m('needPropose'))}</p>`;
  }
  const busy = s.busy ? `<p class="muted" id="proposing">${esc(m('proposing'))}</p>` : '';
  const message = s.message ? `<p class="error" id="proposal-message">${esc(s.message)}</p>` : '';
  el.innerHTML = `${head}<div class="buttons">${buttons}</div>${busy}${message}${s.proposal ? proposalSection(s.proposal, s.mayDraft) : ''}`;
}

function proposalSection(p: SizingProposal, mayDraft: boolean): string {
  const moves = proposalMoves(p);
  const grids = [...p.grids]
    .sort((a, b) => Number(b.new) - Number(a.new) || a.code.localeCompare(b.code))
    .map(
      (g) => `<tr class="${g.status}"><td class="code">${esc(g.code)}${g.new ? ` <b>${esc(m('newGrid'))}</b>` : ''}</td>
        <td class="num">${g.households}</td><td class="num">${g.polsby_popper.toFixed(2)}</td><td class="num">${g.units.length}</td>
        <td>${esc(m(`status.${g.status}`))}</td></tr>`,
    )
    .join('');
  const moveItems = moves.map((mv) => `<li>${esc(m('move', { from: mv.from ?? '—', to: mv.to, n: mv.units.length }))}</li>`).join('');
  const reasons = p.reasons.map((r) => `<li>${esc(r.message)}</li>`).join('');
  return `<section id="proposal" data-id="${p.id ?? ''}">
    <h3>${esc(m('proposal', { id: p.id ?? '—', kind: m(`kind.${p.kind}`) }))}</h3>
    <p class="${p.feasible ? 'ok' : 'error'}">${esc(p.feasible ? m('feasible') : m('infeasible'))}</p>
    ${reasons ? `<ul class="small">${reasons}</ul>` : ''}
    <p>${esc(m('moved', { units: p.moved.units, households: p.moved.households }))}</p>
    <table class="sizing proposal-grids"><thead><tr><th>${esc(m('pg.grid'))}</th><th>${esc(m('pg.households'))}</th><th>${esc(m('pg.pp'))}</th><th>${esc(m('pg.units'))}</th><th>${esc(m('col.status'))}</th></tr></thead>
    <tbody>${grids}</tbody></table>
    ${moveItems ? `<h3>${esc(m('moves'))}</h3><ul class="moves small">${moveItems}</ul>` : ''}
    ${p.removed_grids.length ? `<p class="small">${esc(m('removed', { codes: p.removed_grids.join(', ') }))}</p>` : ''}
    <div class="buttons"><button data-planner${mayDraft ? '' : ' disabled'}>${esc(m('openInPlanner'))}</button><button data-clear class="secondary">${esc(m('clear'))}</button></div>
    ${mayDraft ? '' : `<p class="muted small" id="planner-note">${esc(m('needPlanner'))}</p>`}
  </section>`;
}
