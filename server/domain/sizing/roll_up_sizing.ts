import type { CellStatus } from './evaluate_cell.ts';
import { findRule, type SizingRule } from './sizing_rule.ts';

export interface RollUpCell {
  code: string;
  status: CellStatus;
  households: number;
  people: number;
  deviation: { households: number; percent: number | null };
  /** Codes of the cell's ancestors that are rolled up into (the root and below). */
  ancestors: string[];
}

export interface RollUpArea {
  code: string;
  name: string;
  level: string;
  kind: string;
}

export interface SizingRollUp extends RollUpArea {
  cells: number;
  within: number;
  under: number;
  over: number;
  exempt: number;
  noRule: number;
  /** under + over. */
  breaches: number;
  households: number;
  people: number;
  /** What this area's rule requires (社区工作者 per 10,000 residents), when it has a ratio. */
  communityWorkersRequired: number | null;
  /** Its breaching cells, worst first (largest deviation in percent, then households). */
  worst: { code: string; status: CellStatus; deviation: number; percent: number | null }[];
}

/**
 * Rolls cell evaluations up into every ancestor (community, town …), worst first: most
 * breaching cells, then the largest single deviation, then code.
 *
 * @example rollUpSizing(cells, areas, rules)[0] // { code: '330782101003', breaches: 3, worst: [...] … }
 */
export function rollUpSizing(cells: readonly RollUpCell[], areas: readonly RollUpArea[], rules: readonly SizingRule[]): SizingRollUp[] {
  const byCode = new Map<string, SizingRollUp>();
  for (const a of areas) {
    byCode.set(a.code, {
      ...a, cells: 0, within: 0, under: 0, over: 0, exempt: 0, noRule: 0, breaches: 0, households: 0, people: 0,
      communityWorkersRequired: null, worst: [],
    });
  }
  for (const c of cells) {
    for (const code of c.ancestors) {
      const r = byCode.get(code);
      if (!r) continue;
      r.cells++;
      r.households += c.households;
      r.people += c.people;
      if (c.status === 'no_rule') r.noRule++;
      else r[c.status]++;
      if (c.status === 'under' || c.status === 'over') {
        r.breaches++;
        r.worst.push({ code: c.code, status: c.status, deviation: c.deviation.households, percent: c.deviation.percent });
      }
    }
  }
  const severity = (w: SizingRollUp['worst'][number]) => Math.abs(w.percent ?? Infinity);
  const out = [...byCode.values()].filter((r) => r.cells > 0);
  for (const r of out) {
    r.worst.sort((a, b) => severity(b) - severity(a) || Math.abs(b.deviation) - Math.abs(a.deviation) || a.code.localeCompare(b.code));
    const ratio = findRule(rules, r.level, r.kind)?.communityWorkersPer10k ?? null;
    r.communityWorkersRequired = ratio === null ? null : Math.ceil((r.people * ratio) / 10_000);
  }
  return out.sort(
    (a, b) => b.breaches - a.breaches || (b.worst[0] ? severity(b.worst[0]) : 0) - (a.worst[0] ? severity(a.worst[0]) : 0) || a.code.localeCompare(b.code),
  );
}
