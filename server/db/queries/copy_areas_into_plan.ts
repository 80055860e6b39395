import type { Queryable } from '../db.ts';

/** Copies the published subtree under `root` (the root included) into the plan's cells. Returns how many. */
export async function copyAreasIntoPlan(db: Queryable, planId: number, root: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `with copied as (
       insert into plan_area (plan_id, code, area_id, parent_code, level, kind, name, attrs, geom, base_parent_code, base_name, base_geom)
       select $1::int, a.code, a.id, p.code, a.level, a.kind, a.name, a.attrs, a.geom, p.code, a.name, a.geom
         from area r
         join area a on a.path = r.path or starts_with(a.path, r.path || '/')
         left join area p on p.id = a.parent_id
        where r.code = $2::text
       returning 1)
     select count(*)::int as n from copied`,
    [planId, root],
  );
  return row.n;
}
