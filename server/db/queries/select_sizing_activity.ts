import type { Queryable } from '../db.ts';

export interface SizingActivityRow {
  /** The area's path: codes from the tree's root down, joined by '/'. */
  path: string;
  /** Events reported in the last 30 days whose cell is this area. */
  events_30d: number;
  /** Full-time grid workers (专职网格员) assigned to this area. */
  grid_workers: number;
}

/**
 * Events of the last 30 days and full-time grid workers, per area under a root that has any.
 * Reads the event (000004) and staff_assignment (000002) tables; the caller reports a failure
 * as "not counted" rather than failing the whole sizing report.
 */
export async function selectSizingActivity(db: Queryable, root: string): Promise<SizingActivityRow[]> {
  return db.query<SizingActivityRow>(
    `with root as (select path from area where code = $1::text),
     sub as (select a.id, a.path from area a, root where a.path = root.path or starts_with(a.path, root.path || '/')),
     ev as (select e.cell_id, count(*)::int as n from event e
             where e.cell_id in (select id from sub) and e.reported_at >= now() - interval '30 days' group by e.cell_id),
     gw as (select s.area_id, count(distinct s.staff_id)::int as n from staff_assignment s
             where s.area_id in (select id from sub) and s.role = 'grid_worker' group by s.area_id)
     select sub.path, coalesce(ev.n, 0) as events_30d, coalesce(gw.n, 0) as grid_workers
       from sub left join ev on ev.cell_id = sub.id left join gw on gw.area_id = sub.id
      where ev.n is not null or gw.n is not null`,
    [root],
  );
}
