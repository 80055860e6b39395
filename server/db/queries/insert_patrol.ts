import type { Queryable } from '../db.ts';

/** Stores a new patrol; false when the id is taken (a retry, or another user's: the caller tells which). */
export async function insertPatrol(db: Queryable, p: { id: string; ownerId: number; areaCode: string; areaPath: string; startedAt: string }): Promise<boolean> {
  const rows = await db.query(
    `insert into patrol (id, owner_id, area_code, area_path, started_at)
     values ($1::text, $2::int, $3::text, $4::text, $5::timestamptz)
     on conflict (id) do nothing returning id`,
    [p.id, p.ownerId, p.areaCode, p.areaPath, p.startedAt],
  );
  return rows.length > 0;
}
