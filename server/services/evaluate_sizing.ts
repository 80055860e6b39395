import type { Queryable } from '../db/db.ts';
import { NotFoundError } from '../errors.ts';
import { selectSizingAreas } from '../db/queries/select_sizing_areas.ts';
import { selectSizingCells } from '../db/queries/select_sizing_cells.ts';
import { selectSizingCounts } from '../db/queries/select_sizing_counts.ts';
import { selectSizingActivity } from '../db/queries/select_sizing_activity.ts';
import { sumCountsByAncestor } from '../domain/sizing/sum_counts_by_ancestor.ts';
import { selectSizingRoot } from '../db/queries/select_sizing_root.ts';
import { selectSizingRules } from '../db/queries/select_sizing_rules.ts';
import { evaluateCell, type CellStatus } from '../domain/sizing/evaluate_cell.ts';
import { rollUpSizing } from '../domain/sizing/roll_up_sizing.ts';
import { findRule } from '../domain/sizing/sizing_rule.ts';
import { sizingHistogram, type SizingHistogram } from '../domain/sizing/sizing_histogram.ts';
import type { SizingCsvRow } from '../domain/sizing/sizing_csv.ts';

export interface SizingCell extends Omit<SizingCsvRow, 'status'> {
  status: CellStatus;
  level: string;
  events_per_month: number | null;
  /** (households − the band's middle) / middle, in %: what the map colours by, in band or not. */
  mid_deviation_percent: number | null;
  checks: Record<string, { status: string; deviation: number; percent: number | null; band: { min: number | null; max: number | null } }>;
  /** What the rule requires, what is assigned (专职网格员 in staff_assignment), and the shortfall. */
  staff: { grid_workers_required: number | null; grid_workers: number | null; grid_workers_short: number | null };
}

export interface SizingReport {
  root: { code: string; name: string; level: string };
  level: string;
  cells: SizingCell[];
  rollups: {
    code: string; name: string; level: string; kind: string; cells: number; within: number; under: number; over: number;
    exempt: number; no_rule: number; breaches: number; households: number; people: number;
    community_workers_required: number | null;
    worst: { code: string; status: CellStatus; deviation: number; percent: number | null }[];
  }[];
  summary: Record<CellStatus, number> & { cells: number };
  histogram: SizingHistogram & { band: { min: number | null; max: number | null } | null };
  notes: string[];
}

const SEVERITY: Record<CellStatus, number> = { over: 0, under: 0, within: 1, exempt: 2, no_rule: 3 };

/**
 * Checks every cell of `level` under `root` against its sizing rule and rolls the result up into
 * the areas above (community, town), worst first.
 */
export async function evaluateSizing(db: Queryable, root: string, level: string): Promise<SizingReport> {
  const rootRow = await selectSizingRoot(db, root);
  if (!rootRow) throw new NotFoundError(`No area has code "${root}": pass the code of a town, community or grid as root.`);
  const notes: string[] = [];
  const rules = await selectSizingRules(db);
  const cellRows = await selectSizingCells(db, root, level);
  const counts = sumCountsByAncestor(await selectSizingCounts(db, root), cellRows.map((c) => c.code));
  const activity = await countActivity(db, root, cellRows.map((c) => c.code));
  if (activity.error) notes.push(`events per month and grid workers are not counted: ${activity.error}`);
  const rows = cellRows.map((c) => ({ ...c, ...counts.get(c.code)!, eventsPerMonth: activity.events.get(c.code) ?? null, gridWorkers: activity.gridWorkers.get(c.code) ?? null }));
  if (rows.length === 0) notes.push(`no area of level "${level}" under ${root}: check the level's name (levels under it are named by the import).`);

  const rootDepth = rootRow.path.split('/').length - 1;
  const cells: SizingCell[] = rows.map((r) => {
    const rule = findRule(rules, level, r.kind);
    const e = evaluateCell(r, r.kind, rule);
    const required = e.staff.gridWorkersRequired;
    const mid = e.band && e.band.min !== null && e.band.max !== null ? (e.band.min + e.band.max) / 2 : null;
    return {
      code: r.code, name: r.name, kind: r.kind, level: r.level, parent_code: r.parent_code,
      households: r.households, people: r.people, floating: r.floating, facilities: r.facilities, events_per_month: r.eventsPerMonth,
      band: e.band, status: e.status, deviation: e.deviation,
      mid_deviation_percent: mid ? Math.round(((r.households - mid) / mid) * 1000) / 10 : null,
      checks: Object.fromEntries(Object.entries(e.checks).map(([m, c]) => [snake(m), c!])),
      breaches: e.breaches.map(snake),
      staff: {
        grid_workers_required: required,
        grid_workers: r.gridWorkers,
        grid_workers_short: required === null || r.gridWorkers === null ? null : Math.max(0, required - r.gridWorkers),
      },
    };
  });

  // Roll up into every ancestor from the root down to the cells' parents.
  const ancestorsOf = (path: string) => path.split('/').slice(rootDepth, -1);
  const areaCodes = [...new Set(rows.flatMap((r) => ancestorsOf(r.path)))];
  const areas = await selectSizingAreas(db, areaCodes);
  const rollups = rollUpSizing(
    cells.map((c, i) => ({ ...c, ancestors: ancestorsOf(rows[i].path) })),
    areas,
    rules,
  ).map(({ noRule, communityWorkersRequired, ...r }) => ({ ...r, no_rule: noRule, community_workers_required: communityWorkersRequired }));

  cells.sort(
    (a, b) => SEVERITY[a.status] - SEVERITY[b.status] || Math.abs(b.deviation.percent ?? 0) - Math.abs(a.deviation.percent ?? 0) || a.code.localeCompare(b.code),
  );
  const summary = { cells: cells.length, within: 0, under: 0, over: 0, exempt: 0, no_rule: 0 };
  for (const c of cells) summary[c.status]++;
  const baseBand = findRule(rules, level, 'base')?.households ?? null;
  return {
    root: { code: rootRow.code, name: rootRow.name, level: rootRow.level },
    level,
    cells,
    rollups,
    summary,
    histogram: { ...sizingHistogram(cells.filter((c) => c.status !== 'exempt').map((c) => c.households)), band: baseBand },
    notes,
  };
}

/**
 * Events of the last 30 days summed into each cell (its own and its descendants'), and the grid
 * workers assigned to the cell itself. These tables belong to other parts of the service; when
 * they cannot be read the report still answers, saying so.
 */
async function countActivity(db: Queryable, root: string, codes: string[]): Promise<{ events: Map<string, number>; gridWorkers: Map<string, number>; error?: string }> {
  try {
    const rows = await selectSizingActivity(db, root);
    const wanted = new Set(codes);
    const events = new Map(codes.map((c) => [c, 0]));
    const gridWorkers = new Map(codes.map((c) => [c, 0]));
    for (const r of rows) {
      const path = r.path.split('/');
      for (const code of path) if (wanted.has(code)) events.set(code, events.get(code)! + r.events_30d);
      const own = path[path.length - 1];
      if (wanted.has(own)) gridWorkers.set(own, r.grid_workers);
    }
    return { events, gridWorkers };
  } catch (err) {
    return { events: new Map(), gridWorkers: new Map(), error: (err as Error).message };
  }
}

function snake(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
