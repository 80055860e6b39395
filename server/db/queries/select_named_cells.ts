import type { Queryable } from '../db.ts';

/** The areas of one tree whose code or name is one of `names` (a register's 所属网格 column). */
export async function selectNamedCells(db: Queryable, region: string, names: string[]): Promise<{ id: number; code: string; name: string }[]> {
  return db.query<{ id: number; code: string; name: string }>(
    `select id, code, name from area where region = $1::text and (code = any($2::text[]) or name = any($2::text[])) order by code`,
    [region, names],
  );
}
