import type { Queryable } from '../db.ts';
import type { PatrolRow } from './patrol_row.ts';

/** One patrol by id; `forUpdate` locks it (a batch of points is appended under the lock, so two batches never interleave). */
export async function selectPatrol(db: Queryable, id: string, forUpdate = false): Promise<PatrolRow | undefined> {
  const [row] = await db.query<PatrolRow>(
    `select id, owner_id, area_code, area_path,
            to_char(started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as started_at,
            to_char(stopped_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as stopped_at
       from patrol where id = $1::text${forUpdate ? ' for update' : ''}`,
    [id],
  );
  return row;
}
