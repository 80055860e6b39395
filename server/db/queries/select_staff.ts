import type { Queryable } from '../db.ts';

export interface StaffListRow {
  id: string;
  name: string;
  role: string;
  area_code: string;
  area_name: string;
  area_level: string;
}

/**
 * The staff serving at an area and everything under it (or everywhere), by role. Phone numbers
 * are personal data and stay out of lists.
 */
export async function selectStaff(db: Queryable, filter: { within?: string; role?: string; limit?: number; offset?: number; scope?: string[] | null }): Promise<StaffListRow[]> {
  return db.query<StaffListRow>(
    `select s.id, s.name, sa.role, a.code as area_code, a.name as area_name, a.level as area_level
       from staff_assignment sa
       join staff s on s.region = sa.region and s.id = sa.staff_id
       join area a on a.id = sa.area_id
      where ($1::text is null or a.path = (select path from area where code = $1::text)
                              or starts_with(a.path, (select path from area where code = $1::text) || '/'))
        and ($2::text is null or sa.role = $2::text)
        and ($5::text[] is null or string_to_array(a.path, '/') && $5::text[])
      order by a.code, sa.role, s.id
      limit $3::int offset $4::int`,
    [filter.within ?? null, filter.role ?? null, filter.limit ?? 1000, filter.offset ?? 0, filter.scope ?? null],
  );
}
