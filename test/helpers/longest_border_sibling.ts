import type { Queryable } from '../../server/db/db.ts';

/** The sibling of area `code` with which it shares the longest border (the scope tests' C2 beside C1). */
export async function longestBorderSibling(db: Queryable, code: string): Promise<string> {
  const [row] = await db.query<{ code: string }>(
    `select c2.code from area c1 join area c2 on c2.parent_id = c1.parent_id and c2.id <> c1.id
      where c1.code = $1::text and st_intersects(c1.geom, c2.geom)
      order by st_length(st_intersection(st_boundary(c1.geom), st_boundary(c2.geom))::geography) desc limit 1`,
    [code],
  );
  if (!row) throw new Error(`area ${code} has no sibling that touches it`);
  return row.code;
}
