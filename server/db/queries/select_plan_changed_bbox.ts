import type { Queryable } from '../db.ts';
import { PLAN_AREA_STATE } from './plan_row.ts';

/** The box around a draft's changed cells, drafted and published outlines both; null when nothing changed. */
export async function selectPlanChangedBbox(db: Queryable, planId: number): Promise<[number, number, number, number] | null> {
  const [row] = await db.query<{ w: number | null; s: number; e: number; n: number }>(
    `with g as (
       select case when pa.deleted then null else pa.geom end as a, pa.base_geom as b
         from plan_area pa where pa.plan_id = $1::int and ${PLAN_AREA_STATE} <> 'unchanged'),
     box as (select st_extent(x) as b from (select a as x from g union all select b from g) u where x is not null)
     select st_xmin(b) as w, st_ymin(b) as s, st_xmax(b) as e, st_ymax(b) as n from box`,
    [planId],
  );
  return row && row.w !== null ? [row.w, row.s, row.e, row.n] : null;
}
