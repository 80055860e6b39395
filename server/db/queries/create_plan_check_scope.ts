import type { Queryable } from '../db.ts';

/**
 * Inside the caller's transaction, makes a temporary table named `area` holding these draft
 * cells (`parents` and their live children) with the columns of the published table. A
 * temporary table is found before the permanent one of the same name (pg_temp comes first on
 * the search path), so the coverage check's own queries (checkCoverageIn) then run unchanged
 * on the draft: one checker, not a second one to keep in step. `on commit drop` removes it when
 * the transaction ends, committed or not, so nothing else ever sees it. Returns the codes of
 * the scope's tops (parents whose parent is not in it), the roots to check from.
 */
export async function createPlanCheckScope(db: Queryable, planId: number, region: string, parents: string[]): Promise<string[]> {
  await db.exec('drop table if exists pg_temp.area');
  await db.query(
    `create temp table area on commit drop as
     with recursive cells as (
       select pa.code, pa.parent_code, pa.level, pa.kind, pa.name, pa.attrs, pa.geom
         from plan_area pa
        where pa.plan_id = $1::int and not pa.deleted and (pa.code = any($2::text[]) or pa.parent_code = any($2::text[]))),
     tree as (
       select c.code, c.code::text as path, 1 as depth from cells c
        where c.parent_code is null or c.parent_code not in (select code from cells)
       union all
       select c.code, t.path || '/' || c.code, t.depth + 1 from cells c join tree t on c.parent_code = t.code)
     select (row_number() over (order by c.code))::int as id, $3::text as region, c.code, null::int as parent_id,
            t.path, t.depth, c.level, c.kind, c.name, c.attrs, c.geom, c.parent_code
       from cells c join tree t using (code)`,
    [planId, parents, region],
  );
  await db.exec('update pg_temp.area a set parent_id = p.id from pg_temp.area p where p.code = a.parent_code');
  const tops = await db.query<{ code: string }>(`select code from pg_temp.area where depth = 1 order by code`);
  return tops.map((t) => t.code);
}
