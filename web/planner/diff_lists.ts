import type { Diff } from './plan_types.ts';

export type MoveKind = 'households' | 'facilities' | 'events' | 'staff';

export interface MoveRow {
  /** "东苑社区第1网格 (33078210100101)", or null for "in no cell". */
  from: string | null;
  to: string | null;
  /** How many move this way (1 for an event or a person). */
  count: number;
  /** What moves, for events and staff: the event id, the person's name. */
  what: string | null;
}

export interface DiffModel {
  sections: { kind: MoveKind; total: number; rows: MoveRow[] }[];
  /** Changed cells (above unit level) by state: changed, new, deleted. */
  cells: Record<'changed' | 'new' | 'deleted', string[]>;
  /** Units whose grid changes (a split, merge or paint re-parents them). */
  units: number;
  empty: boolean;
}

/**
 * The lists "compare with published" shows: what would move, from which cell to which, biggest
 * flows first, cells named by the draft's names (falling back to the published name via `names`,
 * then to the bare code). Staff show by name only: no phone or other personal field reaches here.
 * Example: diffModel({ moves: { households: [{ from: 'A', to: 'B', count: 12 }] … } }, names)
 *   → sections[0] = { kind: 'households', total: 12, rows: [{ from: '甲 (A)', to: '乙 (B)', count: 12 }] }.
 */
export function diffModel(diff: Diff, names: Map<string, string>): DiffModel {
  const label = (code: string | null) => (code === null ? null : names.has(code) ? `${names.get(code)} (${code})` : code);
  const flows = (rows: { from: string | null; to: string | null; count: number }[]): MoveRow[] =>
    rows
      .filter((r) => r.count > 0 && r.from !== r.to)
      .map((r) => ({ from: label(r.from), to: label(r.to), count: r.count, what: null }))
      .sort((a, b) => b.count - a.count || String(a.from).localeCompare(String(b.from)));
  const cells: DiffModel['cells'] = { changed: [], new: [], deleted: [] };
  let units = 0;
  for (const f of diff.changed.features) {
    const p = (f.properties ?? {}) as { code?: string; state?: string; level?: string };
    if (p.level === 'unit') units++;
    else if (p.code && (p.state === 'changed' || p.state === 'new' || p.state === 'deleted')) cells[p.state].push(p.code);
  }
  for (const list of Object.values(cells)) list.sort();
  const sections: DiffModel['sections'] = [
    { kind: 'households', total: diff.totals.households, rows: flows(diff.moves.households) },
    { kind: 'facilities', total: diff.totals.facilities, rows: flows(diff.moves.facilities) },
    {
      kind: 'events',
      total: diff.totals.events,
      rows: diff.moves.events.map((e) => ({ from: label(e.from), to: label(e.to), count: 1, what: e.id })),
    },
    {
      kind: 'staff',
      total: diff.totals.staff,
      rows: diff.moves.staff.map((s) => ({ from: label(s.from), to: label(s.to), count: 1, what: s.name })),
    },
  ];
  const empty = sections.every((s) => s.rows.length === 0) && cells.changed.length + cells.new.length + cells.deleted.length + units === 0;
  return { sections, cells, units, empty };
}
