import type { Queryable } from '../db.ts';

/**
 * The areas among `codes` that reach more than half a square metre beyond `outline` (hex EWKB, as
 * selectScopeOutline gives it; null: no ground at all), with how far, in m² (less is a rounding
 * hair along a shared edge).
 */
export async function selectAreasBeyond(db: Queryable, codes: readonly string[], outline: string | null): Promise<{ code: string; beyond_m2: number }[]> {
  if (codes.length === 0) return [];
  return db.query<{ code: string; beyond_m2: number }>(
    `select code, beyond_m2 from (
       select a.code, case when $2::text is null then st_area(a.geom::geography)
                           else st_area(st_difference(a.geom, st_geomfromewkb(decode($2::text, 'hex')), 1e-9)::geography) end::float8 as beyond_m2
         from area a where a.code = any($1::text[])) x
      where beyond_m2 > 0.5
      order by beyond_m2 desc, code`,
    [codes, outline],
  );
}
