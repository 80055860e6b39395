import type { Db } from '../../db/db.ts';
import { insertPatrolBatch } from '../../db/queries/insert_patrol_batch.ts';
import { insertPatrolPoints } from '../../db/queries/insert_patrol_points.ts';
import { selectPatrol } from '../../db/queries/select_patrol.ts';
import { selectPatrolBatch } from '../../db/queries/select_patrol_batch.ts';
import { selectPatrolLastPoint } from '../../db/queries/select_patrol_last_point.ts';
import { keepTrackPoints, type TrackPoint } from '../../domain/patrols/filter_track_points.ts';
import { trackProblems } from '../../domain/patrols/track_problems.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.ts';

/**
 * Appends a batch of track points to the walker's running patrol, in one transaction under a lock
 * on the patrol: the batch's client id is recorded with its points, so a batch sent again is
 * stored once (`created: false`, the first answer's figures). Points out of time order (within
 * the batch or after those stored), before the start or in the future refuse the whole batch with
 * a 400 naming each point; GPS jumps are stored but not drawn (keepTrackPoints).
 */
export async function addPatrolPoints(db: Db, ownerId: number, patrolId: string, batch: { clientId: string; points: TrackPoint[] }): Promise<{ created: boolean; received: number; kept: number }> {
  return db.transaction(async (tx) => {
    const patrol = await selectPatrol(tx, patrolId, true);
    if (!patrol || patrol.owner_id !== ownerId) throw new NotFoundError(`You have no patrol with id "${patrolId}".`);
    const before = await selectPatrolBatch(tx, patrolId, batch.clientId);
    if (before) return { created: false, ...before };
    if (patrol.stopped_at) throw new ConflictError(`The patrol "${patrolId}" was stopped at ${patrol.stopped_at}: start a new one to record more.`);
    const last = await selectPatrolLastPoint(tx, patrolId);
    const problems = trackProblems(batch.points, { after: last.lastT, startedAt: Date.parse(patrol.started_at), now: Date.now() });
    if (problems.length) throw new ValidationError(`Invalid track point ${problems[0].field}: ${problems[0].problem}.`, problems);
    const kept = keepTrackPoints(last.lastKept, batch.points);
    await insertPatrolPoints(tx, patrolId, batch.points.map((p, i) => ({ ...p, kept: kept[i] })));
    const keptCount = kept.filter(Boolean).length;
    await insertPatrolBatch(tx, { patrolId, clientId: batch.clientId, received: batch.points.length, kept: keptCount });
    return { created: true, received: batch.points.length, kept: keptCount };
  });
}
