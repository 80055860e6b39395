import type { Queryable } from '../db.ts';

export interface StaffGapRow {
  code: string;
  name: string;
  kind: string;
  leader: boolean;
  worker: boolean;
  branch: boolean;
}

/**
 * The cells of `level` under `root` that lack a grid leader (网格长), a full-time grid worker
 * (专职网格员) or a party branch (一网格一支部), with which of the three each has.
 */
export async function selectStaffGaps(db: Queryable, root: string, level: string): Promise<StaffGapRow[]> {
  return db.query<StaffGapRow>(
    `select g.code, g.name, g.kind,
            exists (select 1 from staff_assignment s where s.area_id = g.id and s.role = 'grid_leader') as leader,
            exists (select 1 from staff_assignment s where s.area_id = g.id and s.role = 'grid_worker') as worker,
            exists (select 1 from party_org o where o.area_id = g.id and o.kind = 'branch') as branch
       from area g, area r
      where r.code = $1::text and g.level = $2::text and (g.path = r.path or starts_with(g.path, r.path || '/'))
        and not (exists (select 1 from staff_assignment s where s.area_id = g.id and s.role = 'grid_leader')
             and exists (select 1 from staff_assignment s where s.area_id = g.id and s.role = 'grid_worker')
             and exists (select 1 from party_org o where o.area_id = g.id and o.kind = 'branch'))
      order by g.code`,
    [root, level],
  );
}
