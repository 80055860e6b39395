import type { Check, CheckCell, SizingStatus } from './plan_types.ts';

export interface TallyRow {
  code: string;
  name: string;
  level: string;
  households: string;
  people: string;
  facilities: string;
  /** "200–400", "≥ 200", "≤ 400", or "—" when no band applies (exempt cells, no rule). */
  band: string;
  /** Signed households outside the band and the share: "+35 (+8.8%)", "−20 (−10.0%)", "0". */
  deviation: string;
  status: SizingStatus;
}

const num = (n: number) => Math.round(n).toLocaleString('en-US');
/** A true minus sign for negative figures, as tables typeset them. */
const signed = (n: number, text: string) => (n > 0 ? `+${text}` : n < 0 ? `−${text}` : text);

/**
 * The panel's row for one checked cell. Deviation is households beyond the nearest edge of the band
 * (0 within it), as the server computes it; an exempt cell has no band and no deviation.
 * Example: tallyRow({ households: 435, band: {min:200,max:400}, deviation: 35, deviation_pct: 8.75, status: 'over' … })
 *   → { households: '435', band: '200–400', deviation: '+35 (+8.8%)', status: 'over' … }.
 */
export function tallyRow(c: CheckCell): TallyRow {
  const exempt = c.status === 'exempt' || c.status === 'no_rule' || !c.band;
  const pct = c.deviation_pct === null ? null : Math.abs(c.deviation_pct).toFixed(1);
  const shown = c.deviation === 0 ? '0' : signed(c.deviation, num(Math.abs(c.deviation)));
  return {
    code: c.code,
    name: c.name,
    level: c.level,
    households: num(c.households),
    people: num(c.people),
    facilities: num(c.facilities),
    band: bandText(c.band),
    deviation: exempt ? '—' : c.deviation === 0 || pct === null ? shown : `${shown} (${signed(c.deviation_pct!, pct)}%)`,
    status: c.status,
  };
}

function bandText(band: CheckCell['band']): string {
  if (!band || (band.min === null && band.max === null)) return '—';
  if (band.max === null) return `≥ ${num(band.min!)}`;
  if (band.min === null) return `≤ ${num(band.max)}`;
  return `${num(band.min)}–${num(band.max)}`;
}

/**
 * The rows in the order the edit touched the cells (the server's `touched`), then any other
 * checked cell by code; cells the edit deleted (absent from the check) are left out, and so are
 * cells of the `exclude` levels (the units a split or paint re-parents: the panel counts them).
 * Example: tallyRows(check with cells b, a, c; touched ['c', 'a']) → rows c, a, b.
 */
export function tallyRows(check: Check, touched: string[] = [], exclude: string[] = []): TallyRow[] {
  const rank = (code: string) => {
    const i = touched.indexOf(code);
    return i < 0 ? touched.length : i;
  };
  return check.cells
    .filter((c) => !exclude.includes(c.level))
    .sort((a, b) => rank(a.code) - rank(b.code) || a.code.localeCompare(b.code)).map(tallyRow);
}

export interface ProblemLine {
  kind: string;
  count: number;
  area_m2: number;
  households: number;
  /** Names (or codes) of the cells involved, once each. */
  areas: string[];
}

/**
 * Coverage problems grouped by kind, most households first, for the panel's warnings; accepted
 * exceptions (a lake) are not warnings and are left out.
 * Example: problemLines({ features: [gap 12 m² between A and B, gap 3 m² between B and C] })
 *   → [{ kind: 'gap', count: 2, area_m2: 15, households: 0, areas: ['A', 'B', 'C'] }].
 */
export function problemLines(problems: GeoJSON.FeatureCollection): ProblemLine[] {
  const byKind = new Map<string, ProblemLine>();
  for (const f of problems.features) {
    const p = (f.properties ?? {}) as { kind?: string; area_m2?: number; households?: number; areas?: { code: string; name?: string }[]; exception?: unknown };
    if (p.exception) continue;
    const kind = p.kind ?? 'unknown';
    const line = byKind.get(kind) ?? { kind, count: 0, area_m2: 0, households: 0, areas: [] };
    line.count++;
    line.area_m2 += Number(p.area_m2) || 0;
    line.households += Number(p.households) || 0;
    for (const a of p.areas ?? []) {
      const label = a.name || a.code;
      if (!line.areas.includes(label)) line.areas.push(label);
    }
    byKind.set(kind, line);
  }
  return [...byKind.values()].sort((a, b) => b.households - a.households || b.count - a.count || a.kind.localeCompare(b.kind));
}

/** An area in m², short: "0.3", "12", "1,204". */
export function formatArea(m2: number): string {
  return m2 < 10 ? m2.toFixed(1) : num(m2);
}
