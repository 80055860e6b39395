import { esc, tryJson } from '../api.ts';
import { m } from './messages.ts';
import { auditQuery, NO_FILTERS, type AuditFilters } from './audit_query.ts';
import { auditFiltersHtml, auditTableHtml } from './audit_table.ts';
import type { AuditRow } from '../../server/db/queries/select_audit.ts';
import type { AreaSearchResult } from '../../server/db/queries/select_search_results.ts';
import { tValue } from '../i18n.ts';

const PAGE = 50;

/** The audit-log tab: filters, the entries newest first, "load more" further back, a row opens its changes. */
export class AuditPage {
  private filters: AuditFilters = { ...NO_FILTERS };
  private rows: AuditRow[] = [];
  private expanded = new Set<number>();
  private done = false;
  private loading = false;
  private error: string | null = null;
  /** Whether the entries shown are current; a change on the users tab makes them stale. */
  loaded = false;

  constructor(
    private readonly filtersEl: HTMLElement,
    private readonly tableEl: HTMLElement,
    private readonly footEl: HTMLElement,
    private readonly usernames: () => string[],
    private readonly openUser: (username: string) => void,
  ) {
    filtersEl.addEventListener('submit', (e) => {
      e.preventDefault();
      const data = new FormData(e.target as HTMLFormElement);
      const read = (k: keyof AuditFilters) => String(data.get(k) ?? '');
      this.filters = { who: read('who'), what: read('what'), entity: read('entity'), area: read('area'), from: read('from'), to: read('to') };
      void this.load(true);
    });
    // The area field takes a code; typing part of a name offers the areas it finds, by code.
    let typed: ReturnType<typeof setTimeout> | undefined;
    filtersEl.addEventListener('input', (e) => {
      const input = e.target as HTMLInputElement;
      if (input.name !== 'area') return;
      clearTimeout(typed);
      typed = setTimeout(() => void this.suggestAreas(input.value.trim()), 200);
    });
    filtersEl.addEventListener('click', (e) => {
      if (!(e.target as HTMLElement).closest('[data-audit-clear]')) return;
      this.filters = { ...NO_FILTERS };
      this.renderFilters();
      void this.load(true);
    });
    tableEl.addEventListener('click', (e) => {
      const link = (e.target as HTMLElement).closest<HTMLElement>('[data-open-user]');
      if (link) {
        e.preventDefault();
        return this.openUser(link.dataset.openUser!);
      }
      const row = (e.target as HTMLElement).closest<HTMLElement>('tr[data-audit]');
      if (!row) return;
      const id = Number(row.dataset.audit);
      if (!this.expanded.delete(id)) this.expanded.add(id);
      this.renderTable();
    });
    footEl.addEventListener('click', (e) => {
      if ((e.target as HTMLElement).closest('[data-more]')) void this.load(false);
    });
  }

  render(): void {
    this.renderFilters();
    this.renderTable();
  }

  private suggestions = 0;

  /** Fills the area field's suggestions with the areas whose name or code matches `q` (GET /api/search). */
  private async suggestAreas(q: string): Promise<void> {
    const asked = ++this.suggestions;
    const list = this.filtersEl.querySelector('#audit-areas');
    if (!list || !q) return;
    const res = await tryJson<{ results: AreaSearchResult[] }>(`/api/search?types=area&limit=8&q=${encodeURIComponent(q)}`);
    if (asked !== this.suggestions) return; // a later keystroke's answer wins
    list.innerHTML = (res.data?.results ?? []).map((a) => `<option value="${esc(a.code)}">${esc(a.name)} · ${esc(tValue('level', a.level))}</option>`).join('');
  }

  /** The first page for the current filters (`reset`), or the next page further back. */
  async load(reset: boolean): Promise<void> {
    if (this.loading) return;
    this.loading = true;
    if (reset) {
      this.rows = [];
      this.expanded.clear();
      this.done = false;
    }
    this.renderFoot();
    const before = this.rows.at(-1)?.id;
    const res = await tryJson<AuditRow[]>(`/api/audit?${auditQuery(this.filters, PAGE, before)}`);
    this.loading = false;
    this.loaded = true;
    this.error = res.why;
    if (res.data) {
      this.rows.push(...res.data);
      this.done = res.data.length < PAGE;
    }
    this.renderTable();
  }

  private renderFilters(): void {
    this.filtersEl.innerHTML = auditFiltersHtml(this.filters, this.usernames());
  }

  private renderTable(): void {
    this.tableEl.innerHTML = auditTableHtml(this.rows, this.expanded);
    this.renderFoot();
  }

  private renderFoot(): void {
    const error = this.error ? `<span class="error">${esc(m('error', { message: this.error }))}</span> ` : '';
    const count = this.rows.length ? `${esc(m('audit.count', { n: this.rows.length }))} ` : '';
    const more = this.loading
      ? esc(m('loading'))
      : this.done
        ? `<span class="muted">${esc(m('audit.end'))}</span>`
        : `<button type="button" data-more>${esc(m('audit.more'))}</button>`;
    this.footEl.innerHTML = `${error}${count}${more}`;
    this.footEl.dataset.state = this.loading ? 'loading' : this.done ? 'done' : 'more';
  }
}
