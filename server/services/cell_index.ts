import type { Db, Queryable } from '../db/db.ts';
import { selectCells } from '../db/queries/select_cells.ts';
import { buildCellIndex, type CellIndex } from '../domain/assign/build_cell_index.ts';
import { onAreasChanged } from './area_changes.ts';

/** A link in the chain town → … → unit. */
export interface ChainLink {
  code: string;
  name: string;
  level: string;
  depth: number;
}

/** The engine's index with what locate answers need: each cell's name, level and parent. */
export interface LoadedCellIndex {
  index: CellIndex;
  /** Per flat cell index (index.cells order). */
  links: ChainLink[];
  parent: Int32Array;
  builtAt: number;
}

/** The near-edge distance in metres: GRIDWORK_NEAR_EDGE_M, 5 by default. */
export function defaultNearEdgeMetres(): number {
  const v = Number(process.env.GRIDWORK_NEAR_EDGE_M ?? 5);
  return Number.isFinite(v) && v >= 0 ? v : 5;
}

/**
 * Builds the engine's index from the areas `q` sees (inside a transaction: its uncommitted edits
 * too), or from those whose box meets `bbox` only: a point in the box can only lie in one of them.
 */
export async function loadCellIndex(q: Queryable, bbox?: [number, number, number, number] | null, marginM = defaultNearEdgeMetres()): Promise<LoadedCellIndex> {
  const rows = await selectCells(q, bbox);
  const index = buildCellIndex(rows.map((r) => ({ id: r.id, code: r.code, depth: r.depth, geometry: r.geometry })), { marginM });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const position = new Map<number, number>();
  index.cells.ids.forEach((id, i) => position.set(id, i));
  const links = Array.from(index.cells.ids, (id) => {
    const r = byId.get(id)!;
    return { code: r.code, name: r.name, level: r.level, depth: r.depth };
  });
  const parent = Int32Array.from(index.cells.ids, (id) => position.get(byId.get(id)!.parent_id ?? -1) ?? -1);
  return { index, links, parent, builtAt: Date.now() };
}

const cache = new WeakMap<Db, Promise<LoadedCellIndex>>();
const subscribed = new WeakSet<Db>();

/**
 * The index of `db`'s committed areas, built on first use and dropped whenever an area edit
 * commits (onAreasChanged), so the next caller rebuilds it (about a second for 1,780 areas).
 */
export function getCellIndex(db: Db): Promise<LoadedCellIndex> {
  if (!subscribed.has(db)) {
    subscribed.add(db);
    onAreasChanged(db, () => cache.delete(db));
  }
  let loaded = cache.get(db);
  if (!loaded) {
    loaded = loadCellIndex(db);
    cache.set(db, loaded);
    loaded.catch(() => cache.delete(db));
  }
  return loaded;
}

/** The chain from the root down to flat cell `i`. */
export function cellChain(loaded: LoadedCellIndex, i: number): ChainLink[] {
  const chain: ChainLink[] = [];
  for (let at = i, guard = 0; at >= 0 && guard < 64; at = loaded.parent[at], guard++) chain.push(loaded.links[at]);
  return chain.reverse();
}
