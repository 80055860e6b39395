import type { Queryable } from '../db.ts';

/**
 * Clips these draft cells to the published outline of the plan's root, where more than half a
 * square metre of one lies outside it (less is a rounding hair along a shared edge, left as it
 * is: publishing still refuses anything that would cross). Returns the clipped cells with what is
 * left of them in m² (0: nothing of the cell lay inside the root). Made valid first: a drawn
 * outline the live check will call invalid must not make the overlay fail; snap-rounded to 1e-9°
 * (OverlayNG), which never fails as a plain overlay can inside PGlite's GEOS.
 */
export async function clipPlanCellsToRoot(db: Queryable, planId: number, root: string, codes: string[]): Promise<{ code: string; outside_m2: number; left_m2: number }[]> {
  if (codes.length === 0) return [];
  return db.query<{ code: string; outside_m2: number; left_m2: number }>(
    `with root as (select case when st_isvalid(geom) then geom else st_collectionextract(st_makevalid(geom), 3) end as geom from area where code = $2::text),
     cell as materialized (
       select pa.code, st_makevalid(pa.geom) as geom from plan_area pa
        where pa.plan_id = $1::int and pa.code = any($3::text[]) and not pa.deleted),
     outside as materialized (
       select c.code, c.geom, st_area(st_difference(c.geom, r.geom, 1e-9)::geography) as outside_m2
         from cell c, root r where not st_coveredby(c.geom, r.geom)),
     clipped as (
       update plan_area pa set geom = st_multi(st_collectionextract(st_intersection(o.geom, r.geom, 1e-9), 3))
         from outside o, root r
        where pa.plan_id = $1::int and pa.code = o.code and o.outside_m2 > 0.5
       returning pa.code, o.outside_m2, coalesce(st_area(pa.geom::geography), 0) as left_m2)
     select code, outside_m2::float8 as outside_m2, left_m2::float8 as left_m2 from clipped order by code`,
    [planId, root, codes],
  );
}
