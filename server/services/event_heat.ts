import type { Db } from '../db/db.ts';
import { selectEventHeatSql } from '../db/queries/select_event_heat_sql.ts';
import { heatCellMetres, latOfY, lonOfX, mercatorX, mercatorY, type HeatBin } from '../domain/events/heat_bins.ts';
import { eventAreaPath } from './event_area_path.ts';
import { eventHeatIndex } from './event_heat_index.ts';
import { assertKnownCategories, eventRules } from './event_rules.ts';

export interface HeatRequest {
  zoom: number;
  cellPx: number;
  /** lon/lat degrees [west, south, east, north]. */
  bbox?: [number, number, number, number];
  from?: string;
  to?: string;
  category?: string[];
  status?: string[];
  level?: string[];
  /** An area code: its subtree. */
  area?: string;
  /** Roots of the subtrees the caller may see (null or absent: everywhere). */
  scope?: string[] | null;
  /** `memory` (the index; the default) or `sql` (the same bins computed in the database). */
  method: 'memory' | 'sql';
}

export interface HeatAnswer {
  zoom: number;
  cell_px: number;
  cell_m: number;
  method: 'memory' | 'sql';
  total: number;
  max: number;
  ms: number;
  /** Each bin: its Mercator indices, centre and corners in degrees, and its count. */
  bins: { ix: number; iy: number; lon: number; lat: number; west: number; south: number; east: number; north: number; count: number }[];
}

/** Heat bins of the events passing the filters, in squares sized by the zoom. */
export async function eventHeat(db: Db, r: HeatRequest): Promise<HeatAnswer> {
  const started = performance.now();
  const cellM = heatCellMetres(r.zoom, r.cellPx);
  assertKnownCategories(await eventRules(db), r.category);
  const areaPath = await eventAreaPath(db, r.area);
  const bbox = r.bbox && ([mercatorX(r.bbox[0]), mercatorY(r.bbox[1]), mercatorX(r.bbox[2]), mercatorY(r.bbox[3])] as [number, number, number, number]);
  const filter = { cellM, bbox, category: r.category, status: r.status, level: r.level, areaPath, scope: r.scope };
  let bins: HeatBin[];
  if (r.method === 'sql') {
    bins = await selectEventHeatSql(db, { ...filter, from: r.from, to: r.to });
  } else {
    const index = await eventHeatIndex(db);
    bins = index.bins({ ...filter, from: r.from ? Date.parse(r.from) : undefined, to: r.to ? Date.parse(r.to) : undefined }).bins;
  }
  let total = 0;
  let max = 0;
  const out = bins.map((b) => {
    total += b.count;
    max = Math.max(max, b.count);
    const [x0, y0] = [b.ix * cellM, b.iy * cellM];
    return {
      ix: b.ix, iy: b.iy,
      lon: lonOfX(x0 + cellM / 2), lat: latOfY(y0 + cellM / 2),
      west: lonOfX(x0), south: latOfY(y0), east: lonOfX(x0 + cellM), north: latOfY(y0 + cellM),
      count: b.count,
    };
  });
  return { zoom: r.zoom, cell_px: r.cellPx, cell_m: cellM, method: r.method, total, max, ms: Math.round((performance.now() - started) * 100) / 100, bins: out };
}
