import type { Queryable } from '../db.ts';

/** Cuts away the part of an area outside its parent: ST_Intersection with the parent, snap-rounded to 1e-9° (see findCoverageGaps). */
export async function clipAreaToParent(db: Queryable, code: string): Promise<void> {
  await db.query(
    `update area a set geom = st_multi(st_collectionextract(st_makevalid(st_intersection(
              case when st_isvalid(a.geom) then a.geom else st_collectionextract(st_makevalid(a.geom), 3) end,
              case when st_isvalid(p.geom) then p.geom else st_collectionextract(st_makevalid(p.geom), 3) end, 1e-9)), 3)),
            updated_at = now()
       from area p
      where a.code = $1::text and p.id = a.parent_id`,
    [code],
  );
}
