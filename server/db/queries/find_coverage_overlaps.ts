import type { Queryable } from '../db.ts';
import { scopesParam, type CoveragePieceRow, type OverlayScope } from './coverage_piece_row.ts';

/**
 * The parts of each parent covered by two or more of its children: the pairwise intersections
 * of siblings whose interiors meet (DE-9IM 2********), unioned per parent into connected
 * regions, each with every child owning part of it. Only children reaching into the scope's box
 * are paired. Invalid geometries are made valid for the overlay. Overlays snap-round to 1e-9° (see
 * findCoverageGaps for why).
 */
export async function findCoverageOverlaps(db: Queryable, scopes: OverlayScope[]): Promise<CoveragePieceRow[]> {
  if (scopes.length === 0) return [];
  return db.query<CoveragePieceRow>(
    `with scope as (
       select s.id as parent_id,
              case when s.w is null then null else st_expand(st_makeenvelope(s.w, s.s, s.e, s.n, 4326), 1e-7) end as box
         from jsonb_to_recordset($1::jsonb) as s(id int, w float8, s float8, e float8, n float8)),
     pair as (
       -- On the area table itself, so that the GiST index finds each child's candidates (a CTE
       -- of made-valid children has no index: 13,000 parcels took minutes instead of seconds).
       select a.parent_id,
              st_collectionextract(st_intersection(
                case when st_isvalid(a.geom) then a.geom else st_collectionextract(st_makevalid(a.geom), 3) end,
                case when st_isvalid(b.geom) then b.geom else st_collectionextract(st_makevalid(b.geom), 3) end, 1e-9), 3) as geom
         from scope
         join area a on a.parent_id = scope.parent_id and (scope.box is null or a.geom && scope.box)
         join area b on b.geom && a.geom and b.parent_id = a.parent_id and b.id > a.id
        where st_relate(case when st_isvalid(a.geom) then a.geom else st_collectionextract(st_makevalid(a.geom), 3) end,
                        case when st_isvalid(b.geom) then b.geom else st_collectionextract(st_makevalid(b.geom), 3) end, '2********')),
     piece as (
       select parent_id, (st_dump(st_union(geom, 1e-9))).geom as geom
         from pair where not st_isempty(geom) group by parent_id)
     select piece.parent_id, null::int as child_id,
            st_asgeojson(piece.geom, 9) as geojson,
            st_area(piece.geom::geography) as area_m2,
            st_x(st_centroid(piece.geom)) as lon, st_y(st_centroid(piece.geom)) as lat,
            coalesce((select jsonb_agg(jsonb_build_object('code', o.code, 'border_m', 0, 'area_m2', o.area_m2, 'overlap_m2', o.overlap_m2) order by o.code)
                        from (select c.code, st_area(c.geom::geography) as area_m2,
                                     st_area(st_intersection(case when st_isvalid(c.geom) then c.geom else st_collectionextract(st_makevalid(c.geom), 3) end,
                                                             piece.geom, 1e-9)::geography) as overlap_m2
                                from area c
                               where c.parent_id = piece.parent_id and c.geom && piece.geom) as o
                       -- Owners cover part of it; a sibling merely touching it covers nothing
                       -- (ST_Relate against the snap-rounded piece can raise a topology error on GEOS 3.11).
                       where o.overlap_m2 > 1e-6), '[]'::jsonb) as involved
       from piece
      where not st_isempty(piece.geom)`,
    [scopesParam(scopes)],
  );
}
