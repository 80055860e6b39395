import type { Queryable } from '../db.ts';

/**
 * The ground of the subtrees whose roots are `scope` (the union of those areas' outlines), as hex
 * EWKB, or null when none of them exists: taken before a write, so that what it draws can be held
 * to the ground the writer held before it.
 */
export async function selectScopeOutline(db: Queryable, scope: readonly string[]): Promise<string | null> {
  const [row] = await db.query<{ outline: string | null }>(
    `select encode(st_asewkb(st_union(case when st_isvalid(geom) then geom else st_collectionextract(st_makevalid(geom), 3) end, 1e-9)), 'hex') as outline
       from area where code = any($1::text[])`,
    [scope],
  );
  return row?.outline ?? null;
}
