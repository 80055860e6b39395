import type { Db } from '../../db/db.ts';
import { insertPatrol } from '../../db/queries/insert_patrol.ts';
import { insertPatrolBatch } from '../../db/queries/insert_patrol_batch.ts';
import { insertPatrolPoints } from '../../db/queries/insert_patrol_points.ts';
import { insertVisit } from '../../db/queries/insert_visit.ts';
import { selectAreaAncestry } from '../../db/queries/select_area_ancestry.ts';
import { updatePatrolStop } from '../../db/queries/update_patrol_stop.ts';
import { generateDemoPatrols } from '../../demo_town/generate_demo_patrols.ts';
import { keepTrackPoints } from '../../domain/patrols/filter_track_points.ts';

/**
 * Gives the demo grid worker (`username`, held at `gridCode`) the last week of patrols and visits
 * (generateDemoPatrols), once: nothing is written when they have patrols already. One
 * transaction; points go through the same jump filter as a phone's. Returns how many patrols and
 * visits were written.
 */
export async function loadDemoPatrols(db: Db, username: string, gridCode: string, now = new Date()): Promise<{ patrols: number; visits: number }> {
  const [user] = await db.query<{ id: number; patrols: number }>(
    `select u.id, (select count(*)::int from patrol p where p.owner_id = u.id) as patrols from app_user u where u.username = $1::text`,
    [username],
  );
  const path = await selectAreaAncestry(db, gridCode);
  if (!user || user.patrols > 0 || !path) return { patrols: 0, visits: 0 };
  const units = await db.query<{ code: string; path: string; lon: number; lat: number }>(
    `select u.code, u.path, st_x(p) as lon, st_y(p) as lat
       from area u join area g on g.id = u.parent_id, st_pointonsurface(u.geom) as p
      where g.code = $1::text and u.level = 'unit' order by u.code`,
    [gridCode],
  );
  const today = new Date(now);
  today.setHours(0, 0, 0, 0);
  const walks = generateDemoPatrols(units, today.getTime());
  const unitPath = new Map(units.map((u) => [u.code, u.path]));
  let visits = 0;
  await db.transaction(async (tx) => {
    for (const w of walks) {
      await insertPatrol(tx, { id: w.id, ownerId: user.id, areaCode: gridCode, areaPath: path.join('/'), startedAt: new Date(w.startedAt).toISOString() });
      const kept = keepTrackPoints(null, w.points);
      await insertPatrolPoints(tx, w.id, w.points.map((p, i) => ({ ...p, kept: kept[i] })));
      await insertPatrolBatch(tx, { patrolId: w.id, clientId: 'demo', received: w.points.length, kept: kept.filter(Boolean).length });
      await updatePatrolStop(tx, w.id, new Date(w.stoppedAt).toISOString());
      for (const v of w.visits) {
        await insertVisit(tx, { id: v.id, ownerId: user.id, patrolId: w.id, unitCode: v.unit, areaPath: unitPath.get(v.unit)!, household: null, note: v.note, visitedAt: new Date(v.at).toISOString(), media: [] });
        visits++;
      }
    }
  });
  return { patrols: walks.length, visits };
}
