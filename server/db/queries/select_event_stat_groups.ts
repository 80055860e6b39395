import type { Queryable } from '../db.ts';

/** The areas at `level` in the subtree of `areaPath` (the area itself included): a dashboard's rows. */
export async function selectEventStatGroups(db: Queryable, areaPath: string, level: string): Promise<{ code: string; name: string }[]> {
  return db.query<{ code: string; name: string }>(
    `select code, name from area
      where level = $2::text and (path = $1::text or starts_with(path, $1::text || '/'))
      order by code`,
    [areaPath, level],
  );
}
