import type { Queryable } from '../db.ts';
import { PLAN_AREA_STATE } from './plan_row.ts';

export interface PlanPointRow {
  kind: 'household' | 'facility' | 'event';
  id: string;
  /** The published cell's path (codes from the region's root, '/'-joined); null for an orphan. */
  path: string | null;
  /** The deepest live draft cell that covers the point; null when none does. */
  leaf: string | null;
}

/**
 * The households, facilities and open events a draft can move: those inside the box around its
 * changed cells (drafted and published outlines), each with its published cell's path and the
 * draft cell that would hold it. The caller compares the two chains.
 */
export async function selectPlanPointMoves(db: Queryable, planId: number): Promise<PlanPointRow[]> {
  return db.query<PlanPointRow>(
    `with changed as (
       select pa.geom, pa.base_geom, pa.deleted from plan_area pa where pa.plan_id = $1::int and ${PLAN_AREA_STATE} <> 'unchanged'),
     box as (
       select st_setsrid(st_extent(g)::geometry, 4326) as b
         from (select geom as g from changed where not deleted union all select base_geom from changed where base_geom is not null) x),
     pts as (
       select 'household' as kind, h.id, h.geom, c.path from box join household h on h.geom && box.b left join area c on c.id = h.cell_id
       union all
       select 'facility', f.id, f.geom, c.path from box join facility f on f.geom && box.b left join area c on c.id = f.cell_id
       union all
       select 'event', e.id, e.geom, c.path from box join event e on e.geom && box.b left join area c on c.id = e.cell_id
        where e.status not in ('closed', 'cancelled'))
     select p.kind, p.id, p.path,
            (select l.code from plan_area l
              where l.plan_id = $1::int and not l.deleted and l.geom && p.geom and st_covers(l.geom, p.geom)
                and not exists (select 1 from plan_area k where k.plan_id = l.plan_id and k.parent_code = l.code and not k.deleted)
              order by l.code limit 1) as leaf
       from pts p`,
    [planId],
  );
}
