import type { Queryable } from '../db.ts';

/** The codes from the root down to the area (its own last), or undefined when there is no such area. */
export async function selectAreaAncestry(db: Queryable, code: string): Promise<string[] | undefined> {
  const [row] = await db.query<{ path: string }>(`select path from area where code = $1::text`, [code]);
  return row?.path.split('/');
}
