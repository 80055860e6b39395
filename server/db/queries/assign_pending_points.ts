import type { Queryable } from '../db.ts';
import { assignStoredPoints } from '../../services/assign_points.ts';

/**
 * Assigns every pending household or facility to the deepest area that contains it, or marks it
 * an orphan (ambiguous and near-edge points count as assigned: they have a cell). Kept here, with
 * its signature, for the callers that mark points pending after an edit; the work is the
 * in-memory engine's (server/services/assign_points.ts), which reads the areas through `db` so
 * that uncommitted edits in the caller's transaction are seen.
 */
export async function assignPendingPoints(db: Queryable, table: 'household' | 'facility'): Promise<{ assigned: number; orphans: number }> {
  const r = await assignStoredPoints(db, table, { pending: true });
  return { assigned: r.checked - r.counts.orphan, orphans: r.counts.orphan };
}
