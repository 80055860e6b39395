import type { Queryable } from '../db.ts';

/** An area's level and its parent's code (null for a root); null when no area has the code. */
export async function selectParentCode(db: Queryable, code: string): Promise<{ level: string; parent_code: string | null } | null> {
  const [row] = await db.query<{ level: string; parent_code: string | null }>(
    `select a.level, p.code as parent_code from area a left join area p on p.id = a.parent_id where a.code = $1::text`,
    [code],
  );
  return row ?? null;
}
