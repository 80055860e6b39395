import type { Queryable } from '../db.ts';

/** The area an event filter names, by code: its path scopes a subtree. Undefined when unknown. */
export async function selectEventArea(db: Queryable, code: string): Promise<{ code: string; name: string; level: string; path: string } | undefined> {
  const [row] = await db.query<{ code: string; name: string; level: string; path: string }>(
    'select code, name, level, path from area where code = $1::text',
    [code],
  );
  return row;
}
