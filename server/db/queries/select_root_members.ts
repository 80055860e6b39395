import type { Queryable } from '../db.ts';

export interface RootMember {
  kind: 'household' | 'facility' | 'event' | 'staff';
  region: string;
  /** The household's, facility's or event's id; for staff, the person's id and role ("S1 grid_worker"). */
  id: string;
}

/**
 * What lies in the subtree of `root` (the area and everything under it, by whole path segments):
 * the households, facilities and open events inside `bbox` whose cell is there (events by the
 * path they are read by), and every staff assignment there. Publishing takes it before and after
 * writing a draft: whatever appears or disappears has crossed the root's boundary.
 */
export async function selectRootMembers(db: Queryable, root: string, bbox: [number, number, number, number]): Promise<RootMember[]> {
  return db.query<RootMember>(
    `with root as (select path from area where code = $1::text),
     inside as (select a.id from area a, root r where a.path = r.path or starts_with(a.path, r.path || '/')),
     box as (select st_makeenvelope($2::float8, $3::float8, $4::float8, $5::float8, 4326) as b)
     select 'household' as kind, h.region, h.id from household h join inside i on i.id = h.cell_id, box where h.geom && box.b
     union all
     select 'facility', f.region, f.id from facility f join inside i on i.id = f.cell_id, box where f.geom && box.b
     union all
     select 'event', e.region, e.id from event e, root r, box
      where e.geom && box.b and e.status not in ('closed', 'cancelled')
        and (e.area_path = r.path or starts_with(e.area_path, r.path || '/'))
     union all
     select 'staff', sa.region, sa.staff_id || ' ' || sa.role from staff_assignment sa join inside i on i.id = sa.area_id`,
    [root, ...bbox],
  );
}
