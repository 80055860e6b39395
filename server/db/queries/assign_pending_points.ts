import type { Queryable } from '../db.ts';

/**
 * Assigns every pending household or facility to the deepest area that contains it, or marks it
 * an orphan. The join is driven from the areas (GiST on the points), which PostGIS runs several
 * times faster than a point-by-point lookup.
 */
export async function assignPendingPoints(db: Queryable, table: 'household' | 'facility'): Promise<{ assigned: number; orphans: number }> {
  // The table name is one of two literals, never user input.
  const [r] = await db.query<{ assigned: number; orphans: number }>(
    `with hit as (
       select distinct on (p.region, p.id) p.region, p.id, a.id as cell_id
         from area a join ${table} p on p.assignment = 'pending' and st_intersects(a.geom, p.geom)
        order by p.region, p.id, a.depth desc, a.code),
     assigned as (
       update ${table} p set cell_id = hit.cell_id, assignment = 'assigned'
         from hit where p.region = hit.region and p.id = hit.id
       returning 1),
     orphaned as (
       update ${table} p set cell_id = null, assignment = 'orphan'
        where p.assignment = 'pending' and not exists (select 1 from hit where hit.region = p.region and hit.id = p.id)
       returning 1)
     select (select count(*) from assigned)::int as assigned, (select count(*) from orphaned)::int as orphans`,
  );
  return r;
}
