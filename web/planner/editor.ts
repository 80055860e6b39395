import { esc } from '../api.ts';
import { controlStates, nextSelection, shortcutAction, toolAfter, type Control, type EditorState, type PickLevel, type SelectedCell, type Tool } from './edit_state.ts';
import { createEdit, paintSession, reshapeSession, splitEdit } from './edit_tools.ts';
import { m, type PlannerMessage } from './messages.ts';
import { PlanApiError, planClient } from './plan_client.ts';
import type { PlanMap } from './plan_map.ts';
import type { CellProps, Check, EditOp, EditResult, Plan, PublishResult, SizingStatus } from './plan_types.ts';
import { askPublishReason } from './publish_dialog.ts';
import { renderDiff } from './diff_view.ts';
import { renderTally } from './tally_panel.ts';
import { renderToolbar } from './toolbar.ts';
import { shortTime } from './plan_list.ts';

export interface EditorElements {
  toolbar: HTMLElement;
  side: HTMLElement;
  tally: HTMLElement;
  diff: HTMLElement;
  conflict: HTMLElement;
  status: HTMLElement;
  dialog: HTMLDialogElement;
}

/** The level the planner draws and edits as cells; units are painted between them. */
const CELL_LEVEL = 'grid';

/**
 * One open plan: keeps the editor state (plan and its revision, tool, selection), sends each edit
 * with the revision it was made on, redraws the draft and the live check after it, and handles
 * conflicts, comparison and publishing. The map and panels only draw what it hands them.
 */
export class PlanEditor {
  state: EditorState;
  check: Check | null = null;
  touched: string[] = [];
  published: PublishResult | null = null;
  private grids: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
  private unitParent = new Map<string, string | null>();
  private unitCells = new Map<string, CellProps>();
  private statuses = new Map<string, SizingStatus>();
  private toolExit: (() => void) | null = null;
  private reshape: ReturnType<typeof reshapeSession> = null;
  private diffShown = false;
  /** Counts tool changes, so that a drawing finished after the tool changed is ignored. */
  private session = 0;

  constructor(
    private readonly els: EditorElements,
    private readonly map: PlanMap,
    plan: Plan,
  ) {
    this.state = { plan, tool: 'select', pick: 'grid', selected: [], busy: false };
    map.map.on('click', (e) => {
      if (this.state.tool !== 'select') return;
      const cell = map.cellAt(e.point, this.state.pick);
      this.setSelection(nextSelection(this.selectedCodes(), cell?.code ?? null, e.originalEvent.shiftKey));
    });
    els.side.addEventListener('submit', (e) => {
      if ((e.target as HTMLElement).id !== 'rename-form') return;
      e.preventDefault();
      if (controlStates(this.state).rename.enabled) void this.control('rename');
    });
    document.addEventListener('keydown', (e) => {
      const target = e.target as HTMLElement;
      const action = shortcutAction({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, shiftKey: e.shiftKey, inField: /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) });
      if (action) {
        e.preventDefault();
        if (controlStates(this.state)[action].enabled) void this.control(action);
      } else if (e.key === 'Escape' && this.state.tool !== 'select') this.setTool('select');
    });
  }

  private selectedCodes(): string[] {
    return this.state.selected.map((c) => c.code);
  }

  /** Loads the draft's cells and units and checks every cell once, for the sizing colours. */
  async open(): Promise<void> {
    const root = this.state.plan!.root;
    const rootLevel = (await fetch(`/api/areas/${encodeURIComponent(root)}`).then((r) => r.json()).catch(() => ({}))).level ?? 'community';
    const [rootFc] = await Promise.all([planClient.areas(this.state.plan!.id, rootLevel), this.loadAreas()]);
    this.map.showRoot({ type: 'FeatureCollection', features: rootFc.features.filter((f) => f.properties?.code === root) });
    // Only the sizing colours are needed here: no coverage check of the whole draft.
    const all = await planClient.check(this.state.plan!.id, this.grids.features.map((f) => String(f.properties?.code)), { problems: false });
    for (const c of all.cells) this.statuses.set(c.code, c.status);
    this.map.showCells(this.grids, this.statuses);
    this.map.fitTo(rootFc.features.length ? rootFc : this.grids);
    this.render();
  }

  private async loadAreas(): Promise<void> {
    const id = this.state.plan!.id;
    const [grids, units] = await Promise.all([planClient.areas(id, CELL_LEVEL), planClient.areas(id, 'unit')]);
    // A deleted cell stays in the draft's listing (state 'deleted') for the diff; it is not drawn.
    this.grids = { type: 'FeatureCollection', features: grids.features.filter((f) => f.properties?.state !== 'deleted') };
    const liveUnits = units.features.filter((f) => f.properties?.state !== 'deleted');
    this.unitParent = new Map(liveUnits.map((f) => [String(f.properties?.code), (f.properties?.parent_code as string | null) ?? null]));
    this.unitCells = new Map(liveUnits.map((f) => [String(f.properties?.code), f.properties as CellProps]));
    this.map.showCells(this.grids, this.statuses);
    this.map.showUnits({ type: 'FeatureCollection', features: liveUnits });
    // The selection follows the cells as they now are (a merged-away cell drops out).
    this.state.selected = this.cellsOf(this.selectedCodes());
    this.map.select(this.selectedCodes());
  }

  /** The selectable cells of the current pick level by code, with how many units each holds. */
  private cellsOf(codes: string[]): SelectedCell[] {
    const children = new Map<string, number>();
    for (const parent of this.unitParent.values()) if (parent) children.set(parent, (children.get(parent) ?? 0) + 1);
    const byCode =
      this.state.pick === 'unit' ? this.unitCells : new Map(this.grids.features.map((f) => [String(f.properties?.code), f.properties as CellProps]));
    return codes.flatMap((c) => (byCode.has(c) ? [{ ...byCode.get(c)!, children: children.get(c) ?? 0 }] : []));
  }

  private setSelection(codes: string[]): void {
    this.state.selected = this.cellsOf(codes);
    this.map.select(this.selectedCodes());
    this.render();
  }

  private setPick(pick: PickLevel): void {
    this.state.pick = pick;
    this.setTool('select');
    this.setSelection([]);
  }

  private setTool(tool: Tool): void {
    const session = ++this.session;
    this.toolExit?.();
    this.toolExit = null;
    this.reshape = null;
    this.map.stopDrawing();
    this.map.setPaintTarget(null);
    this.state.tool = tool;
    const cell = this.state.selected[0];
    if (tool === 'reshape') {
      this.reshape = reshapeSession(this.map, cell);
      if (!this.reshape) this.state.tool = 'select';
    } else if (tool === 'split') {
      void splitEdit(this.map, cell).then((op) => this.afterDrawing(session, op));
    } else if (tool === 'create') {
      void createEdit(this.map, cell?.parent_code ?? this.state.plan!.root, CELL_LEVEL, m('name.newGrid')).then((op) => this.afterDrawing(session, op));
    } else if (tool === 'paint') {
      this.map.setPaintTarget(cell.code);
      this.toolExit = paintSession(this.map, cell.code, (u) => this.unitParent.get(u) ?? null, (codes) => this.map.showPainting(codes), (op) => void this.send(op));
    }
    this.render();
  }

  /** A drawing tool's result: sent as an edit; a drawing abandoned by the person (Escape) ends the tool. */
  private afterDrawing(session: number, op: EditOp | null): void {
    // Another tool was chosen meanwhile: that one is in charge now.
    if (session !== this.session) return;
    this.setTool('select');
    if (op) void this.send(op);
  }

  /** A toolbar button or shortcut. */
  async control(c: Control | string): Promise<void> {
    const one = this.state.selected[0];
    const plan = this.state.plan!;
    switch (c) {
      case 'select': case 'reshape': case 'split': case 'create': case 'paint':
        return this.setTool(c);
      case 'apply': {
        const op = this.reshape?.apply() ?? null;
        this.setTool('select');
        if (op) await this.send(op);
        return;
      }
      case 'cancel':
        return this.setTool('select');
      case 'pick-grid':
      case 'pick-unit':
        return this.setPick(c === 'pick-grid' ? 'grid' : 'unit');
      case 'undo':
        return this.run(() => planClient.undo(this.state.plan!));
      case 'redo':
        return this.run(() => planClient.redo(this.state.plan!));
      case 'merge':
        return this.send({ op: 'merge', codes: this.selectedCodes() });
      case 'rename': {
        const input = this.els.side.querySelector<HTMLInputElement>('#rename-form input[name="name"]');
        const name = input?.value.trim();
        if (name && name !== one.name) await this.send({ op: 'rename', code: one.code, name });
        return;
      }
      case 'lock':
        return this.send({ op: one.locked ? 'unlock' : 'lock', code: one.code });
      case 'delete':
        if (confirm(`${m('tool.delete')} ${one.name} (${one.code})?`)) await this.send({ op: 'delete', code: one.code });
        return;
      case 'diff':
        return this.toggleDiff();
      case 'publish':
        return this.publish(plan);
    }
  }

  private send(op: EditOp): Promise<void> {
    return this.run(() => planClient.edit(this.state.plan!, op));
  }

  /** Runs one edit (or undo/redo) against the current revision and redraws what it changed. */
  private async run(call: () => Promise<EditResult>): Promise<void> {
    this.state.busy = true;
    this.setBusy(true);
    try {
      const result = await call();
      this.state.plan = result.plan;
      this.check = result.check;
      this.touched = result.touched;
      for (const c of result.check.cells) this.statuses.set(c.code, c.status);
      await this.loadAreas();
      this.map.showProblems(result.check.problems);
      if (this.diffShown) await this.showDiff();
      this.els.conflict.hidden = true;
    } catch (err) {
      await this.fail(err);
    } finally {
      this.state.busy = false;
      this.state.tool = toolAfter(this.state);
      if (this.state.tool === 'select') {
        this.toolExit?.();
        this.toolExit = null;
        this.map.setPaintTarget(null);
      }
      this.setBusy(false);
      this.render();
    }
  }

  private setBusy(busy: boolean): void {
    document.body.dataset.busy = String(busy);
    document.body.dataset.rev = String(this.state.plan?.rev ?? '');
    if (busy) this.render();
  }

  /** A 409 says who or what conflicted and offers to reload; other failures go to the status line. */
  async fail(err: unknown): Promise<void> {
    if (err instanceof PlanApiError && err.conflict) {
      const now = await planClient.get(this.state.plan!.id).catch(() => null);
      const where = now ? ` (${m('conflict.now', { rev: String(now.rev), at: shortTime(now.updated_at) })})` : '';
      this.els.conflict.innerHTML = `<b>${esc(m('conflict.title'))}</b>：${esc(err.message)}${esc(where)} <button type="button" data-reload>${esc(m('conflict.reload'))}</button>`;
      this.els.conflict.hidden = false;
      this.els.conflict.querySelector('[data-reload]')!.addEventListener('click', () => void this.reload());
      return;
    }
    const detail = err instanceof PlanApiError && err.problems.length ? `: ${err.problems.map((p) => p.problem).join('; ')}` : '';
    this.els.status.textContent = m('error', { message: `${err instanceof Error ? err.message : String(err)}${detail}` });
  }

  async reload(): Promise<void> {
    this.state.plan = await planClient.get(this.state.plan!.id);
    this.els.conflict.hidden = true;
    await this.loadAreas();
    this.render();
  }

  private async toggleDiff(): Promise<void> {
    if (this.diffShown) {
      this.diffShown = false;
      this.map.showDiff(null);
      this.els.diff.innerHTML = '';
      this.render();
      return;
    }
    this.diffShown = true;
    await this.showDiff().catch((err) => this.fail(err));
  }

  private async showDiff(): Promise<void> {
    const diff = await planClient.diff(this.state.plan!.id);
    const names = new Map<string, string>();
    for (const f of [...diff.changed.features, ...this.grids.features]) names.set(String(f.properties?.code), String(f.properties?.name));
    this.map.showDiff(diff.changed);
    renderDiff(this.els.diff, diff, names, () => void this.toggleDiff());
    document.body.dataset.diff = String(diff.changed.features.length);
  }

  private async publish(plan: Plan): Promise<void> {
    const reason = await askPublishReason(this.els.dialog, plan.name);
    if (!reason) return;
    this.state.busy = true;
    this.setBusy(true);
    try {
      this.published = await planClient.publish(plan, reason);
      this.state.plan = await planClient.get(plan.id);
      document.body.dataset.published = String(this.published.version.id);
    } catch (err) {
      await this.fail(err);
    } finally {
      this.state.busy = false;
      this.setTool('select');
      this.setBusy(false);
    }
  }

  private hint(): string {
    const tool = this.state.tool;
    if (tool === 'paint') return m('hint.paint', { target: this.state.selected[0]?.name ?? '' });
    return m(`hint.${tool}` as PlannerMessage);
  }

  render(): void {
    const extra = this.state.tool === 'reshape' ? [{ id: 'apply', label: m('tool.apply') }, { id: 'cancel', label: m('tool.cancel') }] : this.state.tool !== 'select' ? [{ id: 'cancel', label: m('tool.cancel') }] : [];
    renderToolbar(this.els.toolbar, this.state, this.hint(), extra, (c) => void this.control(c));
    renderTally(this.els.tally, this.check, this.touched);
    this.renderSide();
  }

  /** The selected cell's name, editable in place when one cell of a draft is selected and unlocked. */
  private renameForm(): string {
    const one = this.state.selected.length === 1 ? this.state.selected[0] : null;
    if (!one || this.state.plan?.status !== 'draft') return '';
    const s = controlStates(this.state).rename;
    const tip = s.why ? m(`why.${s.why}` as PlannerMessage) : '';
    return `<form id="rename-form" class="rename"><label>${esc(m('rename.label', { code: one.code }))}
        <input name="name" value="${esc(one.name)}" maxlength="100" required ${s.enabled ? '' : 'disabled'} title="${esc(tip)}"></label>
        <button type="submit" ${s.enabled ? '' : 'disabled'} title="${esc(tip)}">${esc(m('tool.rename'))}</button></form>`;
  }

  private renderSide(): void {
    const p = this.state.plan!;
    const sel = this.state.selected.map((c) => c.name).join('、');
    const pub = this.published;
    this.els.side.innerHTML = `
      <p><a href="?area=${encodeURIComponent(p.root)}">${esc(m('plan.back'))}</a></p>
      <h2>${esc(p.name)}</h2>
      <p><span class="plan-status plan-${esc(p.status)}">${esc(m(`plan.${p.status}` as PlannerMessage))}</span>
        <small class="muted">${esc(m('list.meta', { rev: String(p.rev), by: p.created_by ?? '—', at: shortTime(p.updated_at) }))}</small></p>
      ${sel ? `<p id="selection">${esc(m('panel.selected', { names: sel }))}</p>` : ''}
      ${this.renameForm()}
      ${pub ? `<p class="published" id="published">${esc(m('publish.done', { id: String(pub.version.id), at: shortTime(pub.version.published_at), by: pub.version.published_by, households: pub.moved.households, facilities: pub.moved.facilities }))} <a href="/">${esc(m('publish.viewMap'))}</a></p>` : ''}
      <h3>${esc(m('export.title'))}</h3>
      <p class="links"><a href="${esc(planClient.exportUrl(p.id, 'geojson'))}" download>${esc(m('export.geojson'))}</a> · <a href="${esc(planClient.exportUrl(p.id, 'csv'))}" download>${esc(m('export.csv'))}</a></p>`;
  }
}
