import type { Db } from '../db/db.ts';

/** The point registers drawn as tile layers, named as the layers are. */
export type PointLayer = 'households' | 'facilities' | 'events';

/**
 * One written point, where it is now. The (region, id) lets a listener find where the point was
 * before (a moved household's old tile changes too); households also carry what their tiles
 * show (people, floating), so the in-memory index is updated without reading the database.
 */
export interface ChangedPoint {
  region?: string | null;
  id?: string;
  lon: number;
  lat: number;
  people?: number;
  floating?: number;
}

/** What a committed write touched in one register. */
export interface PointChange {
  layer: PointLayer;
  /** The points written, at their new positions; null when unknown (treat as everything). */
  points: readonly ChangedPoint[] | null;
}

type Listener = (change: PointChange) => void;

// Per database, as area_changes.ts. In-process only: several server processes over one PostGIS
// would relay these through LISTEN/NOTIFY.
const listeners = new WeakMap<Db, Set<Listener>>();

/**
 * Subscribes to committed writes of households, facilities and events on `db`. Listeners run
 * inside the writer's call (event intake among them, hundreds a second): they must only queue
 * the change and do the work later, batched. Returns the unsubscribe function.
 */
export function onPointsChanged(db: Db, listener: Listener): () => void {
  const set = listeners.get(db) ?? new Set<Listener>();
  listeners.set(db, set);
  set.add(listener);
  return () => set.delete(listener);
}

/**
 * Tells every subscriber of `db` which points a committed write touched. Call after the
 * transaction commits. Example: emitPointsChanged(db, { layer: 'events', points: [{ id, lon, lat }] }).
 */
export function emitPointsChanged(db: Db, change: PointChange): void {
  const set = listeners.get(db);
  if (!set) return;
  for (const listener of set) listener(change);
}
