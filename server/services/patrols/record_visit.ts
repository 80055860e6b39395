import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/db.ts';
import { insertVisit } from '../../db/queries/insert_visit.ts';
import { selectPatrol } from '../../db/queries/select_patrol.ts';
import { selectVisit, type VisitRow } from '../../db/queries/select_visit.ts';
import { selectVisitTarget } from '../../db/queries/select_visit_target.ts';
import type { Principal } from '../../domain/access/can.ts';
import { ConflictError, ValidationError } from '../../errors.ts';
import { assertMediaUsable } from '../media/assert_media_usable.ts';

export interface VisitInput {
  id?: string;
  unit?: string;
  household?: string;
  patrolId?: string;
  note: string;
  visitedAt?: string;
  media: string[];
}

/**
 * Logs a visit (走访) to a unit, or to a household (then the unit holding it), with a note and
 * photos the walker uploaded or may see. `check` refuses (403) a unit outside the walker's areas.
 * The same id sent again by its walker returns the stored visit (`created: false`).
 */
export async function recordVisit(db: Db, principal: Principal, input: VisitInput, check: (areaPath: string[]) => void): Promise<{ created: boolean; visit: VisitRow }> {
  const id = input.id ?? randomUUID();
  const existing = async () => {
    const v = await selectVisit(db, id);
    if (v && v.owner_id !== principal.userId) throw new ConflictError(`The id "${id}" already names another user's visit: send a new id.`);
    return v;
  };
  const before = await existing();
  if (before) return { created: false, visit: before };
  const target = await selectVisitTarget(db, { unit: input.unit, household: input.household });
  if (!target) {
    const field = input.household ? 'household' : 'unit';
    throw new ValidationError(`No ${field} "${input.household ?? input.unit}" ${field === 'unit' ? '(a unit, 单元, by its code)' : 'in a unit'} to visit.`, [{ field, problem: 'not found' }]);
  }
  check(target.area_path.split('/'));
  if (input.patrolId) {
    const patrol = await selectPatrol(db, input.patrolId);
    if (!patrol || patrol.owner_id !== principal.userId) throw new ValidationError(`patrol_id names no patrol of yours: "${input.patrolId}".`, [{ field: 'patrol_id', problem: 'not your patrol' }]);
  }
  await assertMediaUsable(db, principal, input.media);
  await db.transaction((tx) =>
    insertVisit(tx, {
      id,
      ownerId: principal.userId,
      patrolId: input.patrolId ?? null,
      unitCode: target.unit_code,
      areaPath: target.area_path,
      household: target.household_id ? { region: target.household_region!, id: target.household_id } : null,
      note: input.note,
      visitedAt: input.visitedAt ?? new Date().toISOString(),
      media: input.media,
    }),
  );
  const visit = await existing();
  if (!visit) throw new ConflictError(`The visit "${id}" is being written by another request; retry.`);
  return { created: true, visit };
}
