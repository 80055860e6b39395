import type { Queryable } from '../db.ts';

/** The stored people of `region` with these ids, their names and roles (never phone numbers), as a register write would overwrite them. */
export async function selectStaffById(db: Queryable, region: string, ids: readonly string[]): Promise<{ id: string; name: string; roles: { role: string; area: string }[] }[]> {
  return db.query<{ id: string; name: string; roles: { role: string; area: string }[] }>(
    `select s.id, s.name,
            coalesce((select json_agg(json_build_object('role', sa.role, 'area', a.code) order by a.code, sa.role)
                        from staff_assignment sa join area a on a.id = sa.area_id
                       where sa.region = s.region and sa.staff_id = s.id), '[]'::json) as roles
       from staff s
      where s.region = $1::text and s.id = any($2::text[])
      order by s.id`,
    [region, ids],
  );
}
