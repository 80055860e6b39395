import type { Queryable } from '../db.ts';

/** Stores a visit (走访) with its photos in order; false when the id is taken (the caller tells a retry from another user's). */
export async function insertVisit(
  db: Queryable,
  v: { id: string; ownerId: number; patrolId: string | null; unitCode: string; areaPath: string; household: { region: string; id: string } | null; note: string; visitedAt: string; media: readonly string[] },
): Promise<boolean> {
  const rows = await db.query(
    `insert into visit (id, owner_id, patrol_id, unit_code, area_path, household_region, household_id, note, visited_at)
     values ($1::text, $2::int, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::timestamptz)
     on conflict (id) do nothing returning id`,
    [v.id, v.ownerId, v.patrolId, v.unitCode, v.areaPath, v.household?.region ?? null, v.household?.id ?? null, v.note, v.visitedAt],
  );
  if (rows.length === 0) return false;
  if (v.media.length) {
    await db.query(
      `insert into visit_media (visit_id, media_id, sort) select $1::text, m.id, m.ord from unnest($2::text[]) with ordinality as m(id, ord)`,
      [v.id, v.media],
    );
  }
  return true;
}
