import type { Queryable } from '../db.ts';

/** The latest point stored for a patrol (`t` in epoch ms), and the latest kept one: where the next batch's jump rule starts from. */
export async function selectPatrolLastPoint(db: Queryable, patrolId: string): Promise<{ lastT: number | null; lastKept: { lon: number; lat: number; t: number } | null }> {
  const rows = await db.query<{ kept: boolean; lon: number; lat: number; t: number }>(
    `(select false as kept, st_x(geom) as lon, st_y(geom) as lat, (extract(epoch from t) * 1000)::float8 as t
        from patrol_point where patrol_id = $1::text order by t desc limit 1)
     union all
     (select true, st_x(geom), st_y(geom), (extract(epoch from t) * 1000)::float8
        from patrol_point where patrol_id = $1::text and kept order by t desc limit 1)`,
    [patrolId],
  );
  const last = rows.find((r) => !r.kept);
  const kept = rows.find((r) => r.kept);
  return { lastT: last ? Number(last.t) : null, lastKept: kept ? { lon: kept.lon, lat: kept.lat, t: Number(kept.t) } : null };
}
