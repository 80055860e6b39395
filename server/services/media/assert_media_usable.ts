import type { Queryable } from '../../db/db.ts';
import { selectMediaInfo } from '../../db/queries/select_media_info.ts';
import type { Principal } from '../../domain/access/can.ts';
import { mayReadMedia } from '../../domain/media/may_read_media.ts';
import { ValidationError } from '../../errors.ts';

/**
 * Refuses (400) a report or transition that names photos the caller may not see: ones that do not
 * exist and ones uploaded by someone else for an event outside the caller's areas get the same
 * answer, so that an id does not tell whether another area's photo exists.
 */
export async function assertMediaUsable(db: Queryable, principal: Principal | null | undefined, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = new Map((await selectMediaInfo(db, ids)).map((m) => [m.id, m]));
  const problems = ids.flatMap((id, i) => {
    const m = found.get(id);
    return m && mayReadMedia(principal ?? null, m) ? [] : [{ index: i, field: `media[${i}]`, problem: `no photo "${id}" that you uploaded or may see` }];
  });
  if (problems.length) {
    throw new ValidationError(`media[${problems[0].index}] names no photo "${ids[problems[0].index!]}" that you uploaded or may see: upload it first (POST /api/media) and send the id it returns.`, problems);
  }
}
