import type { Queryable } from '../db.ts';

export interface SizingGridRow {
  code: string;
  name: string;
  kind: string;
  container: string | null;
}

/** The grids (areas of the grid level) under a root, or the root itself when it is one. */
export async function selectSizingGrids(db: Queryable, root: string, gridLevel: string): Promise<SizingGridRow[]> {
  return db.query<SizingGridRow>(
    `with root as (select path from area where code = $1::text)
     select g.code, g.name, g.kind, p.code as container
       from area g cross join root
       left join area p on p.id = g.parent_id
      where g.level = $2::text and (g.path = root.path or starts_with(g.path, root.path || '/'))
      order by g.code`,
    [root, gridLevel],
  );
}
