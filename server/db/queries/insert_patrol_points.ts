import type { Queryable } from '../db.ts';

/** Appends points to a patrol in one statement (times in epoch ms); `kept` false marks a GPS jump. */
export async function insertPatrolPoints(db: Queryable, patrolId: string, points: readonly { lon: number; lat: number; t: number; accuracy?: number | null; kept: boolean }[]): Promise<void> {
  if (points.length === 0) return;
  await db.query(
    `insert into patrol_point (patrol_id, t, geom, accuracy, kept)
     select $1::text, to_timestamp(p.t / 1000.0), st_setsrid(st_makepoint(p.lon, p.lat), 4326), p.accuracy, p.kept
       from unnest($2::float8[], $3::float8[], $4::float8[], $5::real[], $6::boolean[]) as p(lon, lat, t, accuracy, kept)`,
    [patrolId, points.map((p) => p.lon), points.map((p) => p.lat), points.map((p) => p.t), points.map((p) => p.accuracy ?? null), points.map((p) => p.kept)],
  );
}
