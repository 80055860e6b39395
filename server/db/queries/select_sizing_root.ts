import type { Queryable } from '../db.ts';

export interface SizingRootRow {
  code: string;
  name: string;
  level: string;
  kind: string;
  region: string;
  path: string;
}

/** The area a sizing report or proposal is asked for, or null when no area has that code. */
export async function selectSizingRoot(db: Queryable, code: string): Promise<SizingRootRow | null> {
  const [row] = await db.query<SizingRootRow>('select code, name, level, kind, region, path from area where code = $1::text', [code]);
  return row ?? null;
}
