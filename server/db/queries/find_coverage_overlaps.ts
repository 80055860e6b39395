import type { Queryable } from '../db.ts';
import type { CoveragePieceRow } from './coverage_piece_row.ts';

/** Two siblings that may overlap (findOverlapCandidates), under their parent. */
export interface OverlapPair {
  parent: number;
  a: number;
  b: number;
}

/**
 * The parts of each parent covered by two or more of its children: the intersections of the
 * given sibling pairs whose interiors meet (DE-9IM 2********, PostGIS's word on it), unioned per
 * parent into connected regions, each with every child owning part of it. The pairs come from
 * the screen in Node, which leaves out the touching neighbours that make up nearly all pairs of a
 * tiling (pairing 13,116 parcels in SQL took minutes). Overlays work on coverage_polygonal
 * (migration 000008) and snap-round to 1e-9° (see findCoverageGaps for why).
 */
export async function findCoverageOverlaps(db: Queryable, pairs: OverlapPair[]): Promise<CoveragePieceRow[]> {
  if (pairs.length === 0) return [];
  return db.query<CoveragePieceRow>(
    `with s as (select * from jsonb_to_recordset($1::jsonb) as s(parent int, a int, b int)),
     -- Each child made valid once: a street parcel of 18,000 vertices is in dozens of pairs.
     kid as materialized (
       select c.id, c.parent_id, c.code, c.geom as raw, coverage_polygonal(c.geom) as geom
         from area c where c.id in (select a from s union select b from s)),
     pair as (
       select a.parent_id, st_collectionextract(st_intersection(a.geom, b.geom, 1e-9), 3) as geom
         from s
         join kid a on a.id = s.a and a.parent_id = s.parent
         join kid b on b.id = s.b and b.parent_id = s.parent
        where st_relate(a.geom, b.geom, '2********')),
     piece as (
       select parent_id, (st_dump(st_union(geom, 1e-9))).geom as geom
         from pair where not st_isempty(geom) group by parent_id)
     select piece.parent_id, null::int as child_id,
            st_asgeojson(st_forcepolygonccw(piece.geom), 9) as geojson,
            st_area(piece.geom::geography) as area_m2,
            st_x(st_centroid(piece.geom)) as lon, st_y(st_centroid(piece.geom)) as lat,
            -- The owners are among the paired children: a third child covering part of a piece
            -- overlaps one of its two owners there, so it is paired too.
            coalesce((select jsonb_agg(jsonb_build_object('code', o.code, 'border_m', 0, 'area_m2', o.area_m2, 'overlap_m2', o.overlap_m2) order by o.code)
                        from (select c.code, st_area(c.raw::geography) as area_m2,
                                     st_area(st_intersection(c.geom, piece.geom, 1e-9)::geography) as overlap_m2
                                from kid c
                               where c.parent_id = piece.parent_id and c.geom && piece.geom
                              -- Not merged with the filter below, which would overlay each owner twice.
                              offset 0) as o
                       -- Owners cover part of it; a sibling merely touching it covers nothing
                       -- (ST_Relate against the snap-rounded piece can raise a topology error on GEOS 3.11).
                       where o.overlap_m2 > 1e-6), '[]'::jsonb) as involved
       from piece
      where not st_isempty(piece.geom)`,
    [JSON.stringify(pairs)],
  );
}
