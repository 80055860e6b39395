import type { ExpressionSpecification, FilterSpecification, LayerSpecification } from 'maplibre-gl';
import { LABEL_FONT } from './area_layers.ts';
import { t } from '../i18n.ts';

/**
 * The staff and party branches layer (网格力量): one marker per grid at the grid's label point,
 * from the staff register (GET /api/staff) and the party register (GET /api/party-orgs). Only
 * roles and counts reach the map; names stay in the area card, which the server guards.
 */

/** A row of GET /api/staff, as far as the map reads it (never the name). */
export interface StaffRegisterRow {
  role: string;
  area_code: string;
}

/** A row of GET /api/party-orgs, as far as the map reads it. */
export interface PartyOrgRegisterRow {
  kind: string;
  area_code: string | null;
}

/** A grid's full-time worker (专职网格员) status: the warning is "no full-time worker". */
export type WorkerStatus = 'staffed' | 'no_worker';

export interface GridStaffMarker {
  code: string;
  /** Full-time grid workers (专职网格员) assigned to the grid. */
  workers: number;
  /** Part-time grid workers (兼职网格员), who often cover a grid until a full-time one is hired. */
  partTime: number;
  /** Whether the grid has its own party branch (一网格一支部). */
  branch: boolean;
  status: WorkerStatus;
}

export interface StaffTally {
  grids: number;
  workers: number;
  noWorker: number;
  branches: number;
  noBranch: number;
}

export const STAFF_COLOURS = {
  staffed: '#2e7d32',
  // A warning that reads on every grid fill colour (blue, green, yellow, purple) and on the
  // sizing colours: a saturated orange with a dark outline.
  no_worker: '#ff6d00',
  branch: '#c8102e',
  noBranch: '#ffffff',
} as const;

/** The map layers of the group, bottom to top. */
export const STAFF_LAYER_IDS = ['staff-worker', 'staff-branch', 'staff-label'] as const;

/** Grid labels (name and code) show from zoom 13.5 at the label point: markers then sit above them. */
const LIFT_FROM_ZOOM = 13.5;
const LIFT_PX = 26;

/**
 * One marker per grid: its full-time and part-time workers and whether it has a party branch.
 * Assignments and branches at codes that are not in `grids` (a unit's leader, a community's
 * committee) are left out. Grids come in the order given.
 * Example: gridStaffMarkers([{ code: 'g1' }, { code: 'g2' }], [{ role: 'grid_worker', area_code: 'g1' }], [{ kind: 'branch', area_code: 'g2' }])
 * → [{ code: 'g1', workers: 1, partTime: 0, branch: false, status: 'staffed' }, { code: 'g2', workers: 0, partTime: 0, branch: true, status: 'no_worker' }].
 */
export function gridStaffMarkers(grids: { code: string }[], staff: StaffRegisterRow[], orgs: PartyOrgRegisterRow[]): GridStaffMarker[] {
  const byCode = new Map<string, GridStaffMarker>();
  for (const g of grids) byCode.set(g.code, { code: g.code, workers: 0, partTime: 0, branch: false, status: 'no_worker' });
  for (const s of staff) {
    const m = byCode.get(s.area_code);
    if (!m) continue;
    if (s.role === 'grid_worker') m.workers++;
    else if (s.role === 'part_time_worker') m.partTime++;
  }
  for (const o of orgs) {
    const m = o.area_code === null ? undefined : byCode.get(o.area_code);
    if (m && o.kind === 'branch') m.branch = true;
  }
  for (const m of byCode.values()) m.status = m.workers > 0 ? 'staffed' : 'no_worker';
  return [...byCode.values()];
}

/**
 * The panel's counts. Example: staffTally([{ workers: 2, branch: true, … }, { workers: 0, branch: false, … }])
 * → { grids: 2, workers: 2, noWorker: 1, branches: 1, noBranch: 1 }.
 */
export function staffTally(markers: GridStaffMarker[]): StaffTally {
  const tally: StaffTally = { grids: markers.length, workers: 0, noWorker: 0, branches: 0, noBranch: 0 };
  for (const m of markers) {
    tally.workers += m.workers;
    if (m.status === 'no_worker') tally.noWorker++;
    if (m.branch) tally.branches++;
    else tally.noBranch++;
  }
  return tally;
}

/**
 * A marker's words in the current language: its full-time workers, or the warning with the
 * part-time cover, and a missing branch (a present one is the red dot).
 * Example (zh-CN): { workers: 0, partTime: 1, branch: false } → '无专职（兼职 1） · 无支部'.
 */
export function staffMarkerText(m: GridStaffMarker): string {
  const workers = m.status === 'staffed' ? t('staff.markerWorkers', { n: m.workers }) : t('staff.markerNoWorker', { n: m.partTime });
  return m.branch ? workers : `${workers} · ${t('staff.markerNoBranch')}`;
}

/** What GridMap sets on the group's layers for a set of markers. */
export interface StaffLayerStyle {
  filter: FilterSpecification;
  workerColour: ExpressionSpecification | string;
  branchColour: ExpressionSpecification | string;
  text: ExpressionSpecification | string;
  /** Draw order of the worker dots: the warnings on top where the town centre's markers crowd. */
  workerSortKey: ExpressionSpecification | number;
}

/**
 * `['match', ['get', 'code'], [codes…], value, …, fallback]` with the codes grouped by value, so
 * a town of 145 grids needs a handful of branches, not 145. A match needs at least one branch:
 * with no codes the fallback is the whole expression.
 */
function matchByCode<V extends string | number>(values: Map<string, V>, fallback: V): ExpressionSpecification | V {
  const groups = new Map<V, string[]>();
  for (const [code, value] of values) if (value !== fallback) groups.set(value, [...(groups.get(value) ?? []), code]);
  if (groups.size === 0) return fallback;
  const branches = [...groups].flatMap(([value, codes]) => [codes.sort(), value]);
  return ['match', ['get', 'code'], ...branches, fallback] as unknown as ExpressionSpecification;
}

/**
 * The filter, colours and text of the group's layers: only grids with a marker are drawn; the
 * worker dot is green or the warning orange; the branch dot is party red, or hollow without one;
 * `label` words the text (the caller's language).
 * Example: staffLayerStyle([{ code: 'g1', status: 'no_worker', … }], () => 'x').workerColour → '#ff6d00'.
 */
export function staffLayerStyle(markers: GridStaffMarker[], label: (m: GridStaffMarker) => string): StaffLayerStyle {
  const codes = markers.map((m) => m.code).sort();
  return {
    filter: ['in', ['get', 'code'], ['literal', codes]],
    workerColour: matchByCode(new Map(markers.map((m) => [m.code, STAFF_COLOURS[m.status]])), STAFF_COLOURS.staffed),
    branchColour: matchByCode(new Map(markers.map((m) => [m.code, m.branch ? STAFF_COLOURS.branch : STAFF_COLOURS.noBranch])), STAFF_COLOURS.branch),
    text: matchByCode(new Map(markers.map((m) => [m.code, label(m)])), ''),
    workerSortKey: matchByCode(new Map(markers.map((m) => [m.code, m.status === 'no_worker' ? 1 : 0])), 0),
  };
}

/**
 * The group's MapLibre layers, hidden and empty until markers arrive: drawn from the grids' tile
 * source at each grid's label point (its point on surface, `grids_label`), so a marker sits where
 * the grid's name does, once per grid, and only for grids the caller may see.
 */
export function staffLayerSpecs(): LayerSpecification[] {
  const common = { source: 'areas-grids', 'source-layer': 'grids_label', minzoom: 11, filter: ['in', ['get', 'code'], ['literal', []]] as FilterSpecification };
  const lift = (dx: number) => ['step', ['zoom'], ['literal', [dx * 0.7, 0]], LIFT_FROM_ZOOM, ['literal', [dx, -LIFT_PX]]] as unknown as ExpressionSpecification;
  const hidden = { visibility: 'none' as const };
  return [
    {
      id: 'staff-worker',
      type: 'circle',
      ...common,
      layout: hidden,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 4, 14, 7],
        'circle-color': STAFF_COLOURS.staffed,
        'circle-stroke-color': '#1a1a1a',
        'circle-stroke-width': 1.5,
        'circle-translate': lift(0) as never,
      },
    },
    {
      // The party branch beside the worker dot, to its right.
      id: 'staff-branch',
      type: 'circle',
      ...common,
      layout: hidden,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 2.5, 14, 4.5],
        'circle-color': STAFF_COLOURS.branch,
        // A white dot in the same dark ring is a grid without a branch.
        'circle-stroke-color': '#1a1a1a',
        'circle-stroke-width': 1,
        'circle-translate': lift(9) as never,
      },
    },
    {
      id: 'staff-label',
      type: 'symbol',
      ...common,
      minzoom: 14,
      layout: {
        ...hidden,
        'text-field': '',
        'text-font': LABEL_FONT,
        'text-size': 11,
        'text-anchor': 'bottom',
        'text-offset': [0, -0.8],
        'text-optional': true,
        'text-padding': 1,
      },
      paint: { 'text-color': '#1a1a1a', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5, 'text-translate': [0, -LIFT_PX] },
    },
  ];
}
