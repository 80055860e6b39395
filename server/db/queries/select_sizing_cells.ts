import type { Queryable } from '../db.ts';

export interface SizingCellRow {
  code: string;
  name: string;
  kind: string;
  level: string;
  /** Codes from the tree's root down to the cell, joined by '/'. */
  path: string;
  parent_code: string | null;
}

/** The cells of one level under a root (the root itself included when it is of that level). */
export async function selectSizingCells(db: Queryable, root: string, level: string): Promise<SizingCellRow[]> {
  return db.query<SizingCellRow>(
    `with root as (select path from area where code = $1::text)
     select c.code, c.name, c.kind, c.level, c.path, p.code as parent_code
       from area c cross join root
       left join area p on p.id = c.parent_id
      where c.level = $2::text and (c.path = root.path or starts_with(c.path, root.path || '/'))
      order by c.code`,
    [root, level],
  );
}
