import type { Queryable } from '../db.ts';

/** The names of a tree's root and its children (the town and its communities), longest first: the prefixes an address may start with. */
export async function selectPrefixNames(db: Queryable, region: string): Promise<string[]> {
  const rows = await db.query<{ name: string }>(`select distinct name from area where region = $1::text and depth <= 1 order by name`, [region]);
  return rows.map((r) => r.name).sort((a, b) => b.length - a.length);
}
