import type { Db } from '../../db/db.ts';
import { selectPatrol } from '../../db/queries/select_patrol.ts';
import { updatePatrolStop } from '../../db/queries/update_patrol_stop.ts';
import { NotFoundError } from '../../errors.ts';

/** Stops the walker's patrol (never before its last point); stopping it again changes nothing (`stopped: false`). */
export async function stopPatrol(db: Db, ownerId: number, patrolId: string, stoppedAt: string): Promise<{ stopped: boolean }> {
  return db.transaction(async (tx) => {
    const patrol = await selectPatrol(tx, patrolId, true);
    if (!patrol || patrol.owner_id !== ownerId) throw new NotFoundError(`You have no patrol with id "${patrolId}".`);
    return { stopped: await updatePatrolStop(tx, patrolId, stoppedAt) };
  });
}
