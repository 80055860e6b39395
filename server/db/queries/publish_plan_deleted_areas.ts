import type { Queryable } from '../db.ts';

/**
 * Publishing, step 3: removes the published areas the draft deleted. Their staff assignments and
 * party organisations go to the cell's successor first (the merge survivor or paint target),
 * where it has one; households, facilities and events lose the cell (ON DELETE SET NULL) and
 * are re-assigned by the caller. Returns each removed area's last state, for the audit log.
 */
export async function publishPlanDeletedAreas(db: Queryable, planId: number): Promise<{ code: string; before: unknown; staff: number }[]> {
  const moved = await db.query<{ code: string; n: number }>(
    `with gone as (
       select pa.code, pa.area_id, s.id as successor_id
         from plan_area pa left join area s on s.code = pa.successor
        where pa.plan_id = $1::int and pa.deleted and pa.area_id is not null),
     staff as (
       insert into staff_assignment (region, staff_id, role, area_id, since)
       select sa.region, sa.staff_id, sa.role, gone.successor_id, sa.since
         from gone join staff_assignment sa on sa.area_id = gone.area_id
        where gone.successor_id is not null
       on conflict do nothing
       returning 1),
     orgs as (
       update party_org o set area_id = gone.successor_id from gone
        where o.area_id = gone.area_id and gone.successor_id is not null
       returning 1)
     select gone.code, (select count(*) from staff_assignment sa where sa.area_id = gone.area_id)::int as n
       from gone, (select count(*) from staff) s, (select count(*) from orgs) o`,
    [planId],
  );
  const removed = await db.query<{ code: string; before: unknown }>(
    `delete from area a using plan_area pa
      where pa.plan_id = $1::int and pa.deleted and a.id = pa.area_id
     returning a.code, json_build_object('name', a.name, 'level', a.level, 'kind', a.kind, 'parent_id', a.parent_id,
                                         'geometry', st_asgeojson(a.geom, 7)::json) as before`,
    [planId],
  );
  const staff = new Map(moved.map((m) => [m.code, m.n]));
  return removed.map((r) => ({ ...r, staff: staff.get(r.code) ?? 0 }));
}
