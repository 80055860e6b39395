import type { Db, Queryable } from '../db/db.ts';
import { assignStoredPoints, type PointMove } from './assign_points.ts';

export interface ReassignResult {
  /** Households and facilities inside the box, looked at again. */
  checked: number;
  /** Rows rewritten: a new cell, or a new status (near_edge, ambiguous …). */
  updated: number;
  /** Who moved from which cell to which (cell codes; null is outside every cell). */
  moves: PointMove[];
}

/**
 * Re-assigns only the households and facilities a boundary change can affect: those inside
 * `bbox`, the box around the old and the new shapes ([west, south, east, north]; null means
 * everywhere). Call it inside the transaction that changed the areas, after the change, so it
 * sees the new shapes (given the database instead, it runs in a transaction of its own); it
 * reports every move.
 *
 * @example
 * const { moves } = await reassignAfterChange(tx, [120.07, 29.29, 120.09, 29.31]);
 * // [{ kind: 'household', id: 'H1', from: '330782101001001', to: '330782101001002', … }]
 */
export async function reassignAfterChange(q: Db | Queryable, bbox: [number, number, number, number] | null): Promise<ReassignResult> {
  const box = bbox ?? [-180, -90, 180, 90];
  const run = async (tx: Queryable) => {
    const h = await assignStoredPoints(tx, 'household', { bbox: box });
    const f = await assignStoredPoints(tx, 'facility', { bbox: box });
    return { checked: h.checked + f.checked, updated: h.updated + f.updated, moves: [...h.moves, ...f.moves] };
  };
  // Given the database rather than a transaction, open one: every batch lands, or none does.
  return 'transaction' in q ? q.transaction(run) : run(q);
}
