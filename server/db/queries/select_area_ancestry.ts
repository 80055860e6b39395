import type { Queryable } from '../db.ts';

/**
 * The codes from the root down to the area (its own last), or undefined when there is no such
 * area: found by walking the parent links up from the area, so the answer is the tree's and not
 * a reading of any code's spelling (a depth bound stops a cycle, which the tree never holds).
 */
export async function selectAreaAncestry(db: Queryable, code: string): Promise<string[] | undefined> {
  const rows = await db.query<{ code: string }>(
    `with recursive up as (
       select id, parent_id, code, 0 as n from area where code = $1::text
       union all
       select a.id, a.parent_id, a.code, up.n + 1 from area a join up on a.id = up.parent_id where up.n < 64)
     select code from up order by n desc`,
    [code],
  );
  return rows.length ? rows.map((r) => r.code) : undefined;
}
