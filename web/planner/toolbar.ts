import { esc } from '../api.ts';
import { controlStates, type Control, type EditorState } from './edit_state.ts';
import { m, type PlannerMessage } from './messages.ts';

const GROUPS: Control[][] = [
  ['select', 'reshape', 'split', 'create', 'paint'],
  ['merge', 'lock', 'delete'],
  ['undo', 'redo'],
  ['diff', 'publish'],
];

/**
 * The edit toolbar over the map: tools (one pressed), one-shot actions, undo/redo; a disabled
 * control says why in its tooltip. `extra` holds the active tool's own buttons (apply, cancel).
 */
export function renderToolbar(
  el: HTMLElement,
  state: EditorState,
  hint: string,
  extra: { id: string; label: string }[],
  onControl: (c: Control | string) => void,
): void {
  const controls = controlStates(state);
  const one = state.selected.length === 1 ? state.selected[0] : null;
  const label = (c: Control) => m(`tool.${c === 'lock' && one?.locked ? 'unlock' : c}` as PlannerMessage);
  const button = (c: Control) => {
    const s = controls[c];
    const tip = s.why ? m(`why.${s.why}` as PlannerMessage) : '';
    return `<button type="button" data-control="${c}" ${s.enabled ? '' : 'disabled'} aria-pressed="${s.pressed}" title="${esc(tip)}">${esc(label(c))}</button>`;
  };
  const extras = extra.map((x) => `<button type="button" class="primary" data-control="${esc(x.id)}">${esc(x.label)}</button>`).join('');
  const pick = (level: 'grid' | 'unit') =>
    `<button type="button" data-control="pick-${level}" aria-pressed="${state.pick === level}">${esc(m(`pick.${level}`))}</button>`;
  el.innerHTML = `
    <div class="tool-groups"><span class="tool-group pick"><span class="muted small">${esc(m('pick.title'))}</span>${pick('grid')}${pick('unit')}</span>${GROUPS.map((g) => `<span class="tool-group">${g.map(button).join('')}</span>`).join('')}${extras ? `<span class="tool-group">${extras}</span>` : ''}</div>
    <div class="tool-hint">${esc(hint)}</div>`;
  el.onclick = (e) => {
    const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-control]');
    if (b && !b.disabled) onControl(b.dataset.control!);
  };
}
