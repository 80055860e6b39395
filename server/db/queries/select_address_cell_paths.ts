import type { Queryable } from '../db.ts';

/**
 * The area paths an import of standard addresses touches: the cells the points land in and those
 * of stored addresses with the same ids (an upsert moves them). An address in no cell is ''.
 */
export async function selectAddressCellPaths(db: Queryable, region: string, ids: string[], cellIds: (number | null)[]): Promise<string[]> {
  const rows = await db.query<{ path: string }>(
    `select coalesce(a.path, '') as path from unnest($1::int[]) as c(id) left join area a on a.id = c.id
     union
     select coalesce(a.path, '') as path from address_point p left join area a on a.id = p.cell_id
      where p.region = $2::text and p.id = any($3::text[])`,
    [[...new Set(cellIds.map((c) => c ?? -1))], region, ids],
  );
  return rows.map((r) => r.path);
}
