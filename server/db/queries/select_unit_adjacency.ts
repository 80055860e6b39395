import type { Queryable } from '../db.ts';
import type { UnitAdjacency } from '../../domain/sizing/unit_graph.ts';

/**
 * Pairs of units under a root that share a border, with its length in metres on the spheroid:
 * where their outlines run together. Corner touches give a point (length 0) and are left out, so
 * contiguity is by shared border only. Two units that overlap by mistake (a digitising error)
 * stay neighbours: for them the part of one's outline inside the other is measured. Computed once per proposal; the GiST index on area.geom drives the pairing.
 */
export async function selectUnitAdjacency(db: Queryable, root: string, unitLevel: string): Promise<UnitAdjacency[]> {
  return db.query<UnitAdjacency>(
    `with root as (select path from area where code = $1::text),
     touching as materialized (
       select a.code as a, b.code as b, a.geom as ga, b.geom as gb,
              st_length(st_collectionextract(st_intersection(st_boundary(a.geom), st_boundary(b.geom)), 2)::geography) as shared
         from area a cross join root
         join area b on b.level = $2::text and a.geom && b.geom and a.code < b.code
                    and (b.path = root.path or starts_with(b.path, root.path || '/'))
                    and st_intersects(a.geom, b.geom)
        where a.level = $2::text and (a.path = root.path or starts_with(a.path, root.path || '/'))),
     pairs as materialized (
       -- Only for the few pairs whose outlines share no line (corner touches, overlaps) is the
       -- dearer "outline inside the other" measured: it is three times slower.
       select a, b, case when shared > 0 then shared
                         when st_relate(ga, gb, '2********') then st_length(st_collectionextract(st_intersection(st_boundary(ga), gb), 2)::geography)
                         else 0 end as length
         from touching)
     select a, b, length from pairs where length > 0 order by a, b`,
    [root, unitLevel],
  );
}
