import type { Queryable } from '../db.ts';

export interface StaffAssignmentRow {
  region: string;
  staff_id: string;
  role: string;
  area_code: string;
}

/**
 * Gives people roles at areas (by area code); a role already held is kept. Returns the codes
 * that name no area, for the caller to refuse (nothing is written for them).
 */
export async function insertStaffAssignments(db: Queryable, rows: StaffAssignmentRow[]): Promise<{ written: number; unknownAreas: string[] }> {
  const [r] = await db.query<{ n: number; unknown: string[] }>(
    `with input as (
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as i(region, staff_id, role, area_code)),
     written as (
       insert into staff_assignment (region, staff_id, role, area_id)
       select i.region, i.staff_id, i.role, a.id from input i join area a on a.code = i.area_code
       on conflict do nothing
       returning 1)
     select (select count(*) from written)::int as n,
            coalesce((select array_agg(distinct i.area_code) from input i where not exists (select 1 from area a where a.code = i.area_code)), '{}') as unknown`,
    [rows.map((x) => x.region), rows.map((x) => x.staff_id), rows.map((x) => x.role), rows.map((x) => x.area_code)],
  );
  return { written: r.n, unknownAreas: r.unknown };
}
