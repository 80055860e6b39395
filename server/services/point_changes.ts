import type { Db } from '../db/db.ts';
import { dbChannel } from './db_channel.ts';

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

// Another process's write of a few points travels as the points (what the household index keeps
// of them, never names or phones); of more, as "unknown points": the layer is read again.
const channel = dbChannel<PointChange, PointChange>('point change', {
  toWire: ({ layer, points }) => ({
    layer,
    points: points && points.length <= 40 ? points.map(({ region, id, lon, lat, people, floating }) => ({ region, id, lon, lat, people, floating })) : null,
  }),
  fromWire: (_db, changes) => changes,
  missed: () => (['households', 'facilities', 'events'] as const).map((layer) => ({ layer, points: null })),
});

/**
 * Subscribes to committed writes of households, facilities and events on `db`. Listeners run
 * inside the writer's call (event intake among them, hundreds a second): they must only queue
 * the change and do the work later, batched. Returns the unsubscribe function.
 */
export const onPointsChanged = (db: Db, listener: (change: PointChange) => void): (() => void) => channel.subscribe(db, listener);

/**
 * Tells every subscriber of `db` which points a committed write touched. Call after the
 * transaction commits. Example: emitPointsChanged(db, { layer: 'events', points: [{ id, lon, lat }] }).
 */
export const emitPointsChanged = (db: Db, change: PointChange): void => channel.publish(db, change);
