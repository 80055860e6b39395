import type { Db } from '../db/db.ts';

/** What an edit touched: the codes written and the box around their old and new shapes. */
export interface AreaChange {
  codes: string[];
  /** [west, south, east, north] in degrees; null when unknown (treat as everything). */
  bbox: [number, number, number, number] | null;
}

type Listener = (change: AreaChange) => void;

// Per database, so that tests holding several databases in one process never cross wires.
// In-process only: several server processes on one PostGIS would need LISTEN/NOTIFY here.
const listeners = new WeakMap<Db, Set<Listener>>();

/**
 * Subscribes to committed area edits on `db` (imports, fixes, publishes): caches of tiles and of
 * the locate index drop what the change touched. Returns the unsubscribe function.
 */
export function onAreasChanged(db: Db, listener: Listener): () => void {
  const set = listeners.get(db) ?? new Set<Listener>();
  listeners.set(db, set);
  set.add(listener);
  return () => set.delete(listener);
}

/** Tells every subscriber of `db` about a committed change. Call after the transaction commits. */
export function emitAreasChanged(db: Db, change: AreaChange): void {
  for (const listener of listeners.get(db) ?? []) listener(change);
}
