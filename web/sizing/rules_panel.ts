import { esc, goToSignIn } from '../api.ts';
import { tValue } from '../i18n.ts';
import { m } from './messages.ts';
import {
  KNOWN_LEVELS, MEASURES, RATIOS, RULE_KINDS, describeRule, draftFields, emptyDraft, formatBand, fromDrafts, glossProblem, placeProblems, reportRule,
  ruleTitle, serverProblems, setLimit, sortRules, toDrafts, unsetLimits, type ApiRule, type Limit, type Measure, type Ratio, type RuleDraft,
} from './rules_model.ts';

export interface RulesPanelOptions {
  /** May replace the rules (areas.write everywhere: an administrator); the server decides in the end. */
  mayEdit: boolean;
  /** The level the report checks (grid): its rule for base grids is the band the histogram marks. */
  level: string;
  /** After a save: reload the report, histogram and map against the new rules. */
  onSaved: () => Promise<void>;
}

/**
 * The sizing rules in force (规模标准), read-only for most; an administrator edits a copy and
 * saves the whole set with PUT /api/sizing/rules, whose 400 problems land beside the field they
 * name. Every change to the copy lives in `drafts`, so a re-render (language switch) loses nothing.
 */
export class RulesPanel {
  private rules: ApiRule[] = [];
  /** The copy being edited; null when reading. */
  private drafts: RuleDraft[] | null = null;
  private problems = new Map<string, string[]>();
  private note: { ok: boolean; text: string } | null = null;
  private busy = false;
  private loadError: string | null = null;
  private loaded = false;
  /** The revision (ETag) of the rules shown: a save is made on it, and refused if someone saved since. */
  private tag: string | null = null;
  private newRule = { level: '', kind: 'base' };

  constructor(private readonly el: HTMLElement, private readonly opts: RulesPanelOptions) {
    this.newRule.level = opts.level;
    el.addEventListener('click', (e) => this.onClick(e));
    el.addEventListener('input', (e) => this.onInput(e.target as HTMLInputElement));
    el.addEventListener('change', (e) => this.onChange(e.target as HTMLInputElement | HTMLSelectElement));
  }

  async load(): Promise<void> {
    try {
      const res = await fetch('/api/sizing/rules');
      if (res.status === 401) return goToSignIn();
      const body = await res.json().catch(() => ({}));
      if (res.ok) {
        this.rules = sortRules(body.rules as ApiRule[]);
        this.tag = res.headers.get('etag');
        this.loadError = null;
      } else this.loadError = `${res.status} ${body.message ?? res.statusText}`;
    } catch (err) {
      this.loadError = err instanceof Error ? err.message : String(err);
    }
    this.loaded = true;
    this.render();
  }

  render(): void {
    const head = `<h3>${esc(m('rules.title'))}${this.opts.mayEdit && this.loaded && !this.drafts && !this.loadError ? ` <button type="button" data-action="edit" class="secondary">${esc(m('rules.edit'))}</button>` : ''}</h3>`;
    const note = this.note ? `<p id="rules-message" class="${this.note.ok ? 'ok' : 'error'}">${esc(this.note.text)}</p>` : '';
    const general = this.problemsFor('');
    let body: string;
    if (!this.loaded) body = `<p class="muted small">${esc(m('loading'))}</p>`;
    else if (this.loadError) body = `<p class="error">${esc(m('rules.loadFailed', { message: this.loadError }))}</p>`;
    else if (this.drafts) body = this.editForm(this.drafts);
    else body = this.readList();
    this.el.dataset.mode = this.drafts ? 'edit' : 'view';
    this.el.innerHTML = `${head}${note}${general}${body}`;
  }

  private readList(): string {
    if (!this.rules.length) return `<p class="muted small">${esc(m('rules.empty'))}</p>${this.readOnlyNote()}`;
    const used = reportRule(this.rules, this.opts.level);
    const items = this.rules.map((r) => {
      const parts = describeRule(r);
      const limits = parts.length ? parts.map((p) => `<span data-limit="${p.limit}">${esc(p.text)}</span>`).join('；') : esc(m('rules.none'));
      const isUsed = r === used && formatBand(r.households, 'households') !== null;
      return `<li data-key="${esc(`${r.level}/${r.kind}`)}"${isUsed ? ' class="used"' : ''}><b>${esc(ruleTitle(r))}</b>：${limits}${isUsed ? `<br><small class="used-note">${esc(m('rules.usedByReport'))}</small>` : ''}</li>`;
    });
    return `<ul class="rule-list">${items.join('')}</ul>${this.readOnlyNote()}`;
  }

  private readOnlyNote(): string {
    return this.opts.mayEdit ? '' : `<p class="muted small" id="rules-note">${esc(m('rules.readOnly'))}</p>`;
  }

  private editForm(drafts: RuleDraft[]): string {
    const rules = drafts.map((d, i) => this.editRule(d, i)).join('');
    const levels = KNOWN_LEVELS.map((l) => `<option value="${l}">${esc(tValue('level', l))}</option>`).join('');
    const kinds = RULE_KINDS.map((k) => `<option value="${k}"${k === this.newRule.kind ? ' selected' : ''}>${esc(k === '*' ? m('rules.anyKind') : tValue('kind', k))}</option>`).join('');
    const busy = this.busy ? ' disabled' : '';
    return `<div class="rule-edits">${rules}</div>
      <div class="add-rule"><label>${esc(m('rules.level'))} <input data-new="level" list="rules-levels" size="9" value="${esc(this.newRule.level)}"></label>
        <datalist id="rules-levels">${levels}</datalist>
        <label>${esc(m('rules.kind'))} <select data-new="kind">${kinds}</select></label>
        <button type="button" data-action="add-rule" class="secondary">${esc(m('rules.addRule'))}</button></div>
      <div class="buttons"><button type="button" data-action="save"${busy}>${esc(this.busy ? m('rules.saving') : m('rules.save'))}</button>
        <button type="button" data-action="cancel" class="secondary"${busy}>${esc(m('rules.cancel'))}</button></div>`;
  }

  private editRule(d: RuleDraft, i: number): string {
    const at = `rules.${i}`;
    const rows: string[] = [];
    for (const measure of MEASURES) {
      const b = d.bands[measure];
      if (!b) continue;
      const f = `${at}.${measure}`;
      const input = (bound: 'min' | 'max') =>
        `<input data-rule="${i}" data-limit="${measure}" data-bound="${bound}" data-field="${f}.${bound}" inputmode="numeric" size="5" placeholder="${esc(m(`rules.${bound}`))}" aria-label="${esc(`${m(`rules.measure.${measure}`)} ${m(`rules.${bound}`)}`)}" value="${esc(b[bound])}"${this.problems.has(`${f}.${bound}`) ? ' class="invalid"' : ''}>`;
      rows.push(`<div class="limit${this.problems.has(f) ? ' invalid' : ''}" data-field="${f}"><span class="limit-name">${esc(m(`rules.measure.${measure}`))}</span>
        ${input('min')} – ${input('max')} ${esc(m(`rules.unit.${measure}`))}${this.removeLimit(i, measure)}
        ${this.problemsFor(`${f}.min`)}${this.problemsFor(`${f}.max`)}${this.problemsFor(f)}</div>`);
    }
    for (const ratio of RATIOS) {
      const v = d.ratios[ratio];
      if (v === undefined) continue;
      const f = `${at}.${ratio}`;
      rows.push(`<div class="limit${this.problems.has(f) ? ' invalid' : ''}" data-field="${f}"><span class="limit-name">${esc(m(`rules.ratio.${ratio}`))}</span>
        <input data-rule="${i}" data-limit="${ratio}" data-field="${f}" inputmode="decimal" size="5" aria-label="${esc(m(`rules.ratio.${ratio}`))}" value="${esc(v)}">${this.removeLimit(i, ratio)}${this.problemsFor(f)}</div>`);
    }
    const add = unsetLimits(d);
    const addSelect = add.length
      ? `<select data-add-limit="${i}"><option value="">${esc(m('rules.addLimit'))}</option>${add.map((l) => `<option value="${l}">${esc(limitName(l))}</option>`).join('')}</select>`
      : '';
    // Only a level's default rule exempts dedicated grids (the server applies a kind's own rule to it).
    const exempt = d.kind === '*' ? `<label class="exempt"><input type="checkbox" data-exempt="${i}"${d.exempt_dedicated ? ' checked' : ''}> ${esc(m('rules.exempt.toggle'))}</label>` : '';
    return `<div class="rule-edit" data-key="${esc(`${d.level}/${d.kind}`)}" data-field="${at}">
      <div class="rule-head"><b>${esc(ruleTitle(d))}</b><button type="button" data-action="remove-rule" data-rule="${i}" class="link" title="${esc(m('rules.removeRule'))}">${esc(m('rules.removeRule'))}</button></div>
      ${this.problemsFor(at)}${rows.join('')}${addSelect}${exempt}</div>`;
  }

  private removeLimit(i: number, l: Limit): string {
    return `<button type="button" data-action="remove-limit" data-rule="${i}" data-limit="${l}" class="link" title="${esc(m('rules.removeLimit'))}" aria-label="${esc(m('rules.removeLimit'))}">×</button>`;
  }

  private problemsFor(field: string): string {
    const list = this.problems.get(field);
    // The server's words always show; in zh-CN a known one is glossed first.
    const text = (p: string) => {
      const gloss = glossProblem(p);
      return gloss ? `${esc(gloss)} <span class="server-words">（${esc(p)}）</span>` : `<span class="server-words">${esc(p)}</span>`;
    };
    return list ? list.map((p) => `<p class="field-problem" data-problem-for="${esc(field)}">${text(p)}</p>`).join('') : '';
  }

  private onClick(e: Event): void {
    const button = (e.target as HTMLElement).closest<HTMLElement>('button[data-action]');
    if (!button || this.busy) return;
    const i = Number(button.dataset.rule);
    switch (button.dataset.action) {
      case 'edit':
        this.drafts = toDrafts(this.rules);
        this.clearProblems();
        break;
      case 'cancel':
        this.drafts = null;
        this.clearProblems();
        break;
      case 'save':
        void this.save();
        return;
      case 'remove-rule':
        this.drafts?.splice(i, 1);
        // Problems are named by index: after a removal they no longer point at the right rule.
        this.clearProblems();
        break;
      case 'remove-limit':
        if (this.drafts?.[i]) setLimit(this.drafts[i], button.dataset.limit as Limit, false);
        break;
      case 'add-rule':
        this.drafts?.push(emptyDraft(this.newRule.level.trim(), this.newRule.kind));
        break;
    }
    this.render();
  }

  private onInput(t: HTMLInputElement): void {
    if (t.dataset.new) {
      this.newRule[t.dataset.new as 'level' | 'kind'] = t.value;
      return;
    }
    const d = this.drafts?.[Number(t.dataset.rule)];
    const limit = t.dataset.limit as Limit | undefined;
    if (!d || !limit) return;
    if (t.dataset.bound) d.bands[limit as Measure]![t.dataset.bound as 'min' | 'max'] = t.value;
    else d.ratios[limit as Ratio] = t.value;
  }

  private onChange(t: HTMLInputElement | HTMLSelectElement): void {
    if (t.dataset.new) return this.onInput(t as HTMLInputElement);
    const addTo = t.dataset.addLimit;
    if (addTo !== undefined && this.drafts?.[Number(addTo)] && t.value) {
      setLimit(this.drafts[Number(addTo)], t.value as Limit, true);
      this.render();
      this.el.querySelector<HTMLInputElement>(`input[data-rule="${addTo}"][data-limit="${t.value}"]`)?.focus();
      return;
    }
    const exempt = (t as HTMLInputElement).dataset.exempt;
    if (exempt !== undefined && this.drafts?.[Number(exempt)]) this.drafts[Number(exempt)].exempt_dedicated = (t as HTMLInputElement).checked;
  }

  private clearProblems(): void {
    this.problems = new Map();
    this.note = null;
  }

  /** PUT the whole set; a 400 keeps the form open with the server's problems beside their fields. */
  private async save(): Promise<void> {
    const drafts = this.drafts;
    if (!drafts) return;
    const parsed = fromDrafts(drafts);
    if (parsed.problems.length) return this.refuse(placeProblems(parsed.problems, draftFields(drafts)));
    this.busy = true;
    this.clearProblems();
    this.render();
    let res: Response;
    let body: { rules?: ApiRule[]; message?: string };
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(this.tag ? { 'if-match': this.tag } : {}) };
      res = await fetch('/api/sizing/rules', { method: 'PUT', headers, body: JSON.stringify({ rules: parsed.rules }) });
      body = await res.json().catch(() => ({}));
    } catch (err) {
      this.busy = false;
      this.note = { ok: false, text: m('rules.failed', { message: err instanceof Error ? err.message : String(err) }) };
      return this.render();
    }
    this.busy = false;
    if (res.status === 401) return goToSignIn();
    if (res.ok && body.rules) {
      this.rules = sortRules(body.rules);
      this.tag = res.headers.get('etag');
      this.drafts = null;
      this.render();
      try {
        await this.opts.onSaved();
        this.note = { ok: true, text: m('rules.saved') };
      } catch (err) {
        this.note = { ok: false, text: m('error', { message: err instanceof Error ? err.message : String(err) }) };
      }
      return this.render();
    }
    if (res.status === 400) return this.refuse(placeProblems(serverProblems(body), draftFields(drafts)));
    if (res.status === 409) {
      // Another administrator saved first: show their rules, and let this one make the change again on them.
      this.drafts = null;
      await this.load();
      this.note = { ok: false, text: m('rules.conflict') };
      return this.render();
    }
    if (res.status === 403) {
      // The server knows better than the page's guess: read-only from now on.
      this.opts.mayEdit = false;
      this.drafts = null;
      this.note = { ok: false, text: m('rules.forbidden', { message: body.message ?? '403' }) };
      return this.render();
    }
    this.note = { ok: false, text: m('rules.failed', { message: `${res.status} ${body.message ?? res.statusText}` }) };
    this.render();
  }

  private refuse(problems: Map<string, string[]>): void {
    this.problems = problems;
    this.note = { ok: false, text: m('rules.notSaved') };
    this.render();
  }
}

function limitName(l: Limit): string {
  return (RATIOS as readonly string[]).includes(l) ? m(`rules.ratio.${l as Ratio}`) : m(`rules.measure.${l as Measure}`);
}
