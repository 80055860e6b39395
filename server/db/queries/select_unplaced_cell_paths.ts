import type { Queryable } from '../db.ts';

/** The area paths of the grids holding stored unplaced rows with these ids: an import that names them rewrites them. */
export async function selectUnplacedCellPaths(db: Queryable, kind: 'household' | 'facility', region: string, ids: string[]): Promise<string[]> {
  const rows = await db.query<{ path: string }>(
    `select distinct a.path from unplaced_register_row u join area a on a.id = u.cell_id
      where u.region = $1::text and u.kind = $2::text and u.id = any($3::text[])`,
    [region, kind, ids],
  );
  return rows.map((r) => r.path);
}
