import type { Queryable } from '../db.ts';

/** The areas (codes) where the given people of `region` already hold roles, one row per person and area. */
export async function selectStaffRoleAreas(db: Queryable, region: string, staffIds: readonly string[]): Promise<{ staff_id: string; code: string }[]> {
  return db.query<{ staff_id: string; code: string }>(
    `select distinct sa.staff_id, a.code
       from staff_assignment sa join area a on a.id = sa.area_id
      where sa.region = $1::text and sa.staff_id = any($2::text[])
      order by 1, 2`,
    [region, staffIds],
  );
}
