import type { Queryable } from '../db.ts';
import { scopesParam, type CoveragePieceRow, type OverlayScope } from './coverage_piece_row.ts';

/**
 * The parts of each child outside its parent, one row per piece, for the children of these
 * parents that reach into the scope's box. The overlay snap-rounds to 1e-9° (see
 * findCoverageGaps for why).
 */
export async function findCoverageSpills(db: Queryable, scopes: OverlayScope[]): Promise<CoveragePieceRow[]> {
  if (scopes.length === 0) return [];
  return db.query<CoveragePieceRow>(
    `with scope as (
       select s.id as parent_id,
              case when s.w is null then null else st_expand(st_makeenvelope(s.w, s.s, s.e, s.n, 4326), 1e-7) end as box
         from jsonb_to_recordset($1::jsonb) as s(id int, w float8, s float8, e float8, n float8)),
     piece as (
       select c.parent_id, c.id as child_id, c.code, c.geom as child_geom, d.geom
         from scope
         join area c on c.parent_id = scope.parent_id and (scope.box is null or c.geom && scope.box)
         join area p on p.id = c.parent_id
        cross join lateral st_dump(st_collectionextract(st_difference(
                 case when st_isvalid(c.geom) then c.geom else st_collectionextract(st_makevalid(c.geom), 3) end,
                 case when st_isvalid(p.geom) then p.geom else st_collectionextract(st_makevalid(p.geom), 3) end, 1e-9), 3)) as d
        where not (st_isvalid(c.geom) and st_isvalid(p.geom) and st_coveredby(c.geom, p.geom)))
     select piece.parent_id, piece.child_id,
            st_asgeojson(piece.geom, 9) as geojson,
            st_area(piece.geom::geography) as area_m2,
            st_x(st_centroid(piece.geom)) as lon, st_y(st_centroid(piece.geom)) as lat,
            jsonb_build_array(jsonb_build_object('code', piece.code, 'border_m', 0, 'area_m2', st_area(piece.child_geom::geography))) as involved
       from piece
      where not st_isempty(piece.geom)`,
    [scopesParam(scopes)],
  );
}
