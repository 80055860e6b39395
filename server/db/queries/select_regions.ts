import type { Queryable } from '../db.ts';

/** The codes of the area trees' roots (each tree's region), in order. */
export async function selectRegions(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ region: string }>(`select distinct region from area order by region`);
  return rows.map((r) => r.region);
}
