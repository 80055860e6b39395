import type { Db } from '../db/db.ts';
import { selectReportSurroundings } from '../db/queries/select_report_surroundings.ts';
import { inScope } from '../domain/access/in_scope.ts';
import { OPEN_STATUSES } from '../domain/events/event_types.ts';
import { defaultNearEdgeMetres } from './cell_index.ts';
import type { EventSettings } from './event_settings.ts';
import { locateEventCell } from './locate_event_cell.ts';

export interface ReportCheck {
  /** inside: in a grid of the caller's areas; outside_scope: in someone else's; no_grid: in no grid at all. */
  where: 'inside' | 'outside_scope' | 'no_grid';
  grid: { code: string; name: string } | null;
  cell: { code: string; name: string; level: string } | null;
  edge_m: number | null;
  /** Within the near-edge distance (or the position's accuracy, if larger) of the grid's boundary. */
  near_edge: boolean;
  /** The nearest known address, else the names of the cell and grid: what the form fills in. */
  address: string | null;
  likely_duplicates: { id: string; category: string; description: string; status: string; distance_m: number; reported_at: string; photo_ref: string | null }[];
}

// A household this close is "here" (a door number); further away, the unit's name says more.
const ADDRESS_RADIUS_M = 60;

/**
 * What a report at a point would meet, before it is sent (the phone's 上报前检查): whether the
 * point lies in a grid of the caller's (`scope.report`, their events.report roots; null:
 * everywhere), how near that grid's edge, the address to fill in, and open events of the same
 * category close by that it may duplicate, of those the caller may read (`scope.read`). Of a
 * point in another's area nothing more than that is said.
 */
export async function checkEventReport(
  db: Db,
  scope: { report: string[] | null; read: string[] | null },
  q: { lon: number; lat: number; category?: string; accuracy?: number },
  settings: Pick<EventSettings, 'duplicateRadiusM' | 'duplicateHours'>,
): Promise<ReportCheck> {
  const empty = { grid: null, cell: null, edge_m: null, near_edge: false, address: null, likely_duplicates: [] };
  const cell = await locateEventCell(db, q.lon, q.lat);
  if (!cell || !cell.in_grid) return { where: 'no_grid', ...empty };
  if (!inScope(cell.area_path.split('/'), scope.report)) return { where: 'outside_scope', ...empty };
  const around = await selectReportSurroundings(db, {
    gridId: cell.grid_id, lon: q.lon, lat: q.lat, category: q.category ?? null,
    radiusM: settings.duplicateRadiusM, hours: settings.duplicateHours, openStatuses: OPEN_STATUSES, addressRadiusM: ADDRESS_RADIUS_M,
  });
  const edge = around.edge_m === null ? null : Math.round(around.edge_m * 10) / 10;
  const names = cell.cell_code === cell.grid_code ? cell.grid_name : `${cell.grid_name} ${cell.cell_name}`;
  return {
    where: 'inside',
    grid: { code: cell.grid_code, name: cell.grid_name },
    cell: { code: cell.cell_code, name: cell.cell_name, level: cell.cell_level },
    edge_m: edge,
    near_edge: edge !== null && edge <= Math.max(defaultNearEdgeMetres(), q.accuracy ?? 0),
    address: around.address ?? names,
    likely_duplicates: around.nearby
      .filter((e) => inScope(e.area_path.split('/'), scope.read))
      .slice(0, 5)
      .map(({ area_path: _p, ...e }) => e),
  };
}
