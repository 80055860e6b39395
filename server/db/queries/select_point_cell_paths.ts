import type { Queryable } from '../db.ts';

/**
 * The area paths an import of points touches: those of the cells the rows are assigned to, and
 * those of the cells already holding rows with the same ids (an upsert moves them). An orphan
 * (no cell), new or stored, is an empty path.
 */
export async function selectPointCellPaths(db: Queryable, kind: 'household' | 'facility', region: string, ids: string[], cellIds: (number | null)[]): Promise<string[]> {
  // The table name is one of two fixed identifiers, never user input.
  const table = kind === 'household' ? 'household' : 'facility';
  const rows = await db.query<{ path: string }>(
    `select coalesce(a.path, '') as path
       from unnest($1::int[]) as c(id) left join area a on a.id = c.id
     union
     select coalesce(a.path, '') as path
       from ${table} p left join area a on a.id = p.cell_id
      where p.region = $2::text and p.id = any($3::text[])`,
    [[...new Set(cellIds.map((c) => c ?? -1))], region, ids],
  );
  return rows.map((r) => r.path);
}
