import type { Queryable } from '../db.ts';

/** Publishing, step 4: recomputes path and depth under `root` from the parent links, writing only rows that differ. */
export async function publishPlanRepath(db: Queryable, root: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `with recursive t as (
       select id, path, depth from area where code = $1::text
       union all
       select c.id, t.path || '/' || c.code, t.depth + 1 from area c join t on c.parent_id = t.id),
     done as (
       update area a set path = t.path, depth = t.depth from t
        where a.id = t.id and (a.path <> t.path or a.depth <> t.depth)
       returning 1)
     select count(*)::int as n from done`,
    [root],
  );
  return row.n;
}
