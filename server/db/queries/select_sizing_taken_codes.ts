import type { Queryable } from '../db.ts';

/** Codes in use that begin with any of these prefixes: what a new grid's code must avoid. */
export async function selectSizingTakenCodes(db: Queryable, prefixes: readonly string[]): Promise<string[]> {
  const rows = await db.query<{ code: string }>(
    'select a.code from area a where exists (select 1 from unnest($1::text[]) as p(prefix) where starts_with(a.code, p.prefix))',
    [prefixes],
  );
  return rows.map((r) => r.code);
}
