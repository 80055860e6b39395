import type { Db } from '../db/db.ts';
import { locatePoint, newLocated } from '../domain/assign/locate_point.ts';
import { getCellIndex, type LoadedCellIndex } from './cell_index.ts';

/** Where a reported point lies, as the event row stores it. */
export interface EventCell {
  /** The tree's root code (area.region). */
  region: string;
  cell_id: number;
  cell_code: string;
  cell_name: string;
  cell_level: string;
  /** Codes from the root down to the cell, joined by '/' (area.path). */
  area_path: string;
  /** The cell is a grid or lies in one, or is a leaf of a tree without grids. */
  in_grid: boolean;
  /** The cell's `grid` ancestor (or itself), else the cell: what event.grid_id holds. */
  grid_id: number;
  grid_code: string;
  grid_name: string;
}

/** Per loaded index: what each cell contributes to an event row, worked out once. */
interface CellFacts {
  hasChildren: Uint8Array;
  /** The flat index of the deepest `grid` at or above each cell, -1 for none. */
  grid: Int32Array;
  path: string[];
}

const facts = new WeakMap<LoadedCellIndex, CellFacts>();

function factsOf(loaded: LoadedCellIndex): CellFacts {
  let f = facts.get(loaded);
  if (f) return f;
  const n = loaded.links.length;
  const hasChildren = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (loaded.parent[i] >= 0) hasChildren[loaded.parent[i]] = 1;
  const grid = new Int32Array(n).fill(-1);
  const path = new Array<string>(n);
  const resolve = (i: number, guard: number): void => {
    if (path[i] !== undefined) return;
    const p = loaded.parent[i];
    if (p >= 0 && guard < 64) resolve(p, guard + 1);
    path[i] = p >= 0 ? `${path[p]}/${loaded.links[i].code}` : loaded.links[i].code;
    grid[i] = loaded.links[i].level === 'grid' ? i : p >= 0 ? grid[p] : -1;
  };
  for (let i = 0; i < n; i++) resolve(i, 0);
  f = { hasChildren, grid, path };
  facts.set(loaded, f);
  return f;
}

/**
 * The cell and grid of a reported point from the in-memory assignment engine (cell_index.ts),
 * the same answer as insert_events.ts's SQL locate (the deepest area covering the point, the
 * lowest code on a tie, its nearest `grid` ancestor) without a PostGIS call per event. Null when
 * no area holds the point.
 */
export async function locateEventCell(db: Db, lon: number, lat: number): Promise<EventCell | null> {
  const loaded = await getCellIndex(db);
  const at = locatePoint(loaded.index, lon, lat, newLocated());
  if (at.cell < 0) return null;
  const f = factsOf(loaded);
  const i = at.cell;
  const g = f.grid[i];
  const shown = g >= 0 ? g : i;
  const path = f.path[i];
  return {
    region: path.split('/', 1)[0],
    cell_id: loaded.index.cells.ids[i],
    cell_code: loaded.links[i].code,
    cell_name: loaded.links[i].name,
    cell_level: loaded.links[i].level,
    area_path: path,
    in_grid: g >= 0 || f.hasChildren[i] === 0,
    grid_id: loaded.index.cells.ids[shown],
    grid_code: loaded.links[shown].code,
    grid_name: loaded.links[shown].name,
  };
}
