import type { Queryable } from '../db.ts';

/**
 * Marks the households and facilities inside any of these shapes (hex EWKB), or assigned to any
 * of these areas, as pending, so that the next assignment places them again.
 */
export async function markPointsPendingInShapes(db: Queryable, wkbs: string[], areaIds: number[]): Promise<{ households: number; facilities: number }> {
  const [row] = await db.query<{ households: number; facilities: number }>(
    `with shape as (select st_geomfromewkb(decode(w, 'hex')) as geom from unnest($1::text[]) as w),
     h as (update household p set assignment = 'pending', updated_at = now()
            where p.cell_id = any($2::int[])
               or exists (select 1 from shape s where s.geom && p.geom and st_intersects(s.geom, p.geom))
           returning 1),
     f as (update facility p set assignment = 'pending', updated_at = now()
            where p.cell_id = any($2::int[])
               or exists (select 1 from shape s where s.geom && p.geom and st_intersects(s.geom, p.geom))
           returning 1)
     select (select count(*) from h)::int as households, (select count(*) from f)::int as facilities`,
    [wkbs, areaIds],
  );
  return row;
}
