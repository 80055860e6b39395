import type { Queryable } from '../db.ts';

export interface PlanCellTally {
  code: string;
  name: string;
  level: string;
  kind: string;
  households: number;
  people: number;
  floating: number;
  facilities: number;
}

/**
 * What each of these draft cells would hold: the published households and facilities that lie
 * in its drafted outline (a point on an edge counts in both cells it bounds). The join is driven
 * from the cells, so the points' GiST index does the work.
 */
export async function selectPlanCellTallies(db: Queryable, planId: number, codes: string[]): Promise<PlanCellTally[]> {
  if (codes.length === 0) return [];
  return db.query<PlanCellTally>(
    `select pa.code, pa.name, pa.level, pa.kind,
            coalesce(h.households, 0)::int as households, coalesce(h.people, 0)::int as people,
            coalesce(h.floating, 0)::int as floating, coalesce(f.facilities, 0)::int as facilities
       from plan_area pa
       left join lateral (select count(*) as households, sum(x.people) as people, sum(x.floating) as floating
                            from household x where x.geom && pa.geom and st_intersects(pa.geom, x.geom)) h on true
       left join lateral (select count(*) as facilities from facility y where y.geom && pa.geom and st_intersects(pa.geom, y.geom)) f on true
      where pa.plan_id = $1::int and pa.code = any($2::text[]) and not pa.deleted
      order by pa.code`,
    [planId, codes],
  );
}
