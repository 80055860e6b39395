import { esc, tryJson } from '../api.ts';
import type { Me } from '../may.ts';
import { pm } from '../map/patrol_messages.ts';

interface CoverageRow {
  code: string;
  units: number;
  visited: number;
  coverage: number;
}

/**
 * Adds the area's visit coverage (走访覆盖率: units visited in the last 7 days of all its units,
 * GET /api/patrols/stats) to the open area card, above its links, for users who hold
 * patrols.stats over the area (`chain`: the codes from the root down to it). Nothing for the
 * others: the card is theirs without it. `stillShown` says whether the card still shows this area
 * when the answer comes (the user may have opened another meanwhile).
 */
export async function showVisitCoverage(card: HTMLElement, me: Me | null, area: { code: string; level: string; chain: { code: string }[] }, stillShown: () => boolean): Promise<void> {
  const scope = me?.scopes?.['patrols.stats'];
  const codes = [...area.chain.map((a) => a.code), area.code];
  if (scope === undefined || (scope !== null && !codes.some((c) => scope.includes(c)))) return;
  const q = new URLSearchParams({ area: area.code, group: area.level });
  const res = await tryJson<{ areas: CoverageRow[] }>(`/api/patrols/stats?${q}`);
  const row = res.data?.areas.find((a) => a.code === area.code);
  if (!row || !stillShown()) return;
  card.querySelector('[data-visit-coverage]')?.remove();
  const p = document.createElement('p');
  p.dataset.visitCoverage = `${row.visited}/${row.units}`;
  p.innerHTML = esc(row.units ? pm('card.coverage', { visited: row.visited, units: row.units, pct: Math.round(row.coverage * 100) }) : pm('card.noUnits'));
  const links = card.querySelector('.links');
  if (links) links.before(p);
  else card.append(p);
}
