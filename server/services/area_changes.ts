import type { Db } from '../db/db.ts';
import { dbChannel } from './db_channel.ts';

/** What an edit touched: the codes written and the box around their old and new shapes. */
export interface AreaChange {
  /** Empty when not known (a large change made by another process). */
  codes: string[];
  /** [west, south, east, north] in degrees; null when unknown (treat as everything). */
  bbox: [number, number, number, number] | null;
}

// Another process's import of thousands of areas travels as its box alone.
const channel = dbChannel<AreaChange, AreaChange>('area change', {
  toWire: (change) => (change.codes.length <= 200 ? change : { codes: [], bbox: change.bbox }),
  fromWire: (_db, changes) => changes,
  missed: () => [{ codes: [], bbox: null }],
});

/**
 * Subscribes to committed area edits on `db` (imports, fixes, publishes): caches of tiles and of
 * the locate index drop what the change touched. Returns the unsubscribe function.
 */
export const onAreasChanged = (db: Db, listener: (change: AreaChange) => void): (() => void) => channel.subscribe(db, listener);

/** Tells every subscriber of `db` about a committed change. Call after the transaction commits. */
export const emitAreasChanged = (db: Db, change: AreaChange): void => channel.publish(db, change);
