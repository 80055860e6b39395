import type { Db, Queryable } from '../db/db.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { selectCoverageFix } from '../db/queries/select_coverage_fix.ts';
import { selectAreaWkb } from '../db/queries/select_area_wkb.ts';
import { restoreAreaWkb } from '../db/queries/restore_area_wkb.ts';
import { markCoverageFixUndone } from '../db/queries/mark_coverage_fix_undone.ts';
import { reassignPoints, unionBbox } from './apply_coverage_fix.ts';
import { emitAreasChanged } from './area_changes.ts';

export interface UndoResult {
  fix_id: number;
  restored: string[];
  reassigned: { households: number; facilities: number };
}

/**
 * Puts back the geometries a fix replaced, in one transaction, and re-assigns the points they
 * hold. Refused when the fix was already undone, or when any of its areas changed since (an undo
 * must not silently throw away a later edit).
 */
export async function undoCoverageFix(
  db: Db,
  fixId: number,
  /** Inside the transaction, once the fix is found: the caller's access check on its areas and the audit entry. */
  beforeCommit?: (tx: Queryable, fix: { codes: string[]; problem_id: string; type: string }) => Promise<void>,
  /** Once the fix is found, before anything about it is said: the caller's check that it may see it at all (a 404 when not). */
  assertVisible?: (tx: Queryable, fix: { codes: string[] }) => Promise<void>,
): Promise<UndoResult> {
  const result = await db.transaction(async (tx) => {
    const fix = await selectCoverageFix(tx, fixId);
    if (!fix) throw new NotFoundError(`No coverage fix has id ${fixId}.`);
    await assertVisible?.(tx, fix);
    if (fix.undone_at) throw new ConflictError(`Coverage fix ${fixId} was already undone at ${fix.undone_at}.`);
    const now = await selectAreaWkb(tx, fix.codes);
    const expected = new Map(fix.after.map((a) => [a.code, a.wkb]));
    const changed = fix.codes.filter((c) => now.find((r) => r.code === c)?.wkb !== expected.get(c));
    if (changed.length > 0) throw new ConflictError(`Coverage fix ${fixId} cannot be undone: ${changed.join(', ')} changed since it was applied (or no longer exist). Edit them directly instead.`);
    await beforeCommit?.(tx, fix);
    await restoreAreaWkb(tx, fix.before);
    await markCoverageFixUndone(tx, fixId);
    const restored = await selectAreaWkb(tx, fix.codes);
    const reassigned = await reassignPoints(tx, now, restored);
    return { fix_id: fixId, restored: fix.codes, reassigned, bbox: unionBbox([...now, ...restored]) };
  });
  emitAreasChanged(db, { codes: result.restored, bbox: result.bbox });
  const { bbox: _bbox, ...answer } = result;
  return answer;
}
