import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/db.ts';
import { insertPatrol } from '../../db/queries/insert_patrol.ts';
import { selectAreaAncestry } from '../../db/queries/select_area_ancestry.ts';
import { selectPatrol } from '../../db/queries/select_patrol.ts';
import type { PatrolRow } from '../../db/queries/patrol_row.ts';
import { scopeCodes, type Principal } from '../../domain/access/can.ts';
import { ConflictError, ValidationError } from '../../errors.ts';

/**
 * Starts a patrol (巡查) held at `area`, or at the one area where the walker may record patrols
 * when they hold it at one only (a grid worker's grid). The same id sent again by its walker is a
 * retry and returns the stored patrol (`created: false`); another user's id is a 409. The caller
 * checks patrols.record over the area (assertPermission) through `check`.
 */
export async function startPatrol(
  db: Db,
  principal: Principal,
  input: { id?: string; area?: string; startedAt?: string },
  check: (areaCode: string) => Promise<void>,
): Promise<{ created: boolean; patrol: PatrolRow }> {
  const id = input.id ?? randomUUID();
  const before = await selectPatrol(db, id);
  if (before) {
    if (before.owner_id !== principal.userId) throw new ConflictError(`The id "${id}" already names another user's patrol: send a new id.`);
    return { created: false, patrol: before };
  }
  let area = input.area;
  if (area === undefined) {
    const scope = scopeCodes(principal, 'patrols.record');
    if (scope === null || scope.length !== 1) {
      throw new ValidationError('Name the area the patrol is held in ("area": a grid\'s code): your roles record patrols in more than one area.', [{ field: 'area', problem: 'required for a user with several areas' }]);
    }
    area = scope[0];
  }
  await check(area);
  const path = await selectAreaAncestry(db, area);
  if (!path) throw new ValidationError(`No area has code "${area}".`, [{ field: 'area', problem: 'no such area' }]);
  await insertPatrol(db, { id, ownerId: principal.userId, areaCode: area, areaPath: path.join('/'), startedAt: input.startedAt ?? new Date().toISOString() });
  const patrol = await selectPatrol(db, id);
  if (!patrol || patrol.owner_id !== principal.userId) throw new ConflictError(`The id "${id}" already names another user's patrol: send a new id.`);
  return { created: true, patrol };
}
