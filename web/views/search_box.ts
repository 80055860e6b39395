import { esc, getJson } from '../api.ts';
import { t, tValue } from '../i18n.ts';

export type SearchResult =
  | { type: 'area'; code: string; name: string; level: string; kind: string; bbox: [number, number, number, number]; center: [number, number] }
  | { type: 'address'; address: string; center: [number, number]; households: number; cell: { code: string; name: string; level: string } | null };

/**
 * The search box: asks GET /api/search as the user types (debounced), lists areas and addresses,
 * and calls `onPick` with the chosen one (Enter picks the first).
 */
export function mountSearchBox(input: HTMLInputElement, list: HTMLElement, onPick: (r: SearchResult) => void): { refresh(): void } {
  let results: SearchResult[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = '';
  // Open while the user is searching; closed once they pick (a language switch re-renders it closed).
  let open = false;
  const render = () => {
    input.placeholder = t('search.placeholder');
    if (!asked || !open) {
      list.hidden = true;
      return;
    }
    list.hidden = false;
    list.innerHTML = results.length
      ? results.map((r, i) => `<li data-i="${i}" class="search-${r.type}">${describe(r)}</li>`).join('')
      : `<li class="search-none">${esc(t('search.none', { q: asked }))}</li>`;
  };
  const ask = async (q: string) => {
    const body = await getJson<{ results: SearchResult[] }>(`/api/search?q=${encodeURIComponent(q)}&limit=8`);
    if (input.value.trim() !== q) return; // typed on meanwhile
    results = body.results;
    asked = q;
    open = true;
    render();
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) {
      asked = '';
      results = [];
      render();
      return;
    }
    timer = setTimeout(() => void ask(q), 200);
  });
  input.addEventListener('keydown', async (e) => {
    if (e.key !== 'Enter') return;
    const q = input.value.trim();
    if (!q) return;
    if (asked !== q) await ask(q);
    if (results[0]) pick(results[0]);
  });
  list.addEventListener('click', (e) => {
    const li = (e.target as HTMLElement).closest('li[data-i]') as HTMLElement | null;
    if (li) pick(results[Number(li.dataset.i)]);
  });
  const pick = (r: SearchResult) => {
    open = false;
    list.hidden = true;
    onPick(r);
  };
  render();
  return { refresh: render };
}

function describe(r: SearchResult): string {
  if (r.type === 'area') return `<b>${esc(r.name)}</b> <small>${esc(tValue('level', r.level))} · ${esc(r.code)}</small>`;
  const cell = r.cell ? `${esc(r.cell.name)} · ${esc(r.cell.code)}` : esc(t('search.orphan'));
  return `<b>${esc(r.address)}</b> <small>${esc(t('search.households', { n: r.households }))} · ${cell}</small>`;
}
