import type { Queryable } from '../db.ts';

/** The codes of every area in the subtrees whose roots are `scope`. */
export async function selectCodesInScope(db: Queryable, scope: string[]): Promise<string[]> {
  const rows = await db.query<{ code: string }>(`select code from area where string_to_array(path, '/') && $1::text[]`, [scope]);
  return rows.map((r) => r.code);
}
