import type { Queryable } from '../db.ts';
import { scopesParam, type CoveragePieceRow, type OverlayScope } from './coverage_piece_row.ts';

/**
 * The parts of each parent that none of its children covers: ST_Difference(parent,
 * ST_Union(children)), one row per piece, with the children that border it (longest shared
 * border first). Where the edge screen gave a box, only the parent inside it and the children
 * reaching into it are overlaid: a handful of polygons instead of every child. Invalid
 * geometries are made valid first so that GEOS can overlay them (coverage_polygonal, migration 000008).
 *
 * Every overlay here snap-rounds to 1e-9° (0.1 mm) — the gridSize argument: without it, when
 * GEOS's floating-point overlay fails and retries internally, PGlite's WebAssembly PostGIS
 * returns no rows at all instead of an answer or an error (seen with ST_Difference on the demo
 * town). Snap-rounding never needs that retry, and 0.1 mm is far below any tolerance.
 */
export async function findCoverageGaps(db: Queryable, scopes: OverlayScope[]): Promise<CoveragePieceRow[]> {
  if (scopes.length === 0) return [];
  return db.query<CoveragePieceRow>(
    `with scope as (
       select p.id as parent_id,
              coverage_polygonal(p.geom) as geom,
              case when s.w is null then null else st_expand(st_makeenvelope(s.w, s.s, s.e, s.n, 4326), 1e-7) end as box
         from jsonb_to_recordset($1::jsonb) as s(id int, w float8, s float8, e float8, n float8)
         join area p on p.id = s.id),
     piece as (
       select scope.parent_id, d.geom
         from scope
        cross join lateral st_dump(st_collectionextract(st_difference(
                 case when scope.box is null then scope.geom else st_intersection(scope.geom, scope.box, 1e-9) end,
                 coalesce((select st_union(coverage_polygonal(c.geom), 1e-9)
                             from area c
                            where c.parent_id = scope.parent_id and (scope.box is null or c.geom && scope.box)),
                          'SRID=4326;POLYGON EMPTY'::geometry), 1e-9), 3)) as d)
     select piece.parent_id, null::int as child_id,
            st_asgeojson(st_forcepolygonccw(piece.geom), 9) as geojson,
            st_area(piece.geom::geography) as area_m2,
            st_x(st_centroid(piece.geom)) as lon, st_y(st_centroid(piece.geom)) as lat,
            coalesce((select jsonb_agg(jsonb_build_object('code', n.code, 'border_m', n.border_m, 'area_m2', n.area_m2)
                                       order by n.border_m desc, n.code)
                        from (select c.code,
                                     -- Snap-rounding may have moved the piece off the child by a hair: the
                                     -- child's outline is snapped onto the piece's (1e-8°, 1 mm) before the
                                     -- shared line is measured. (Buffering the child instead took twice as long.)
                                     st_length(st_collectionextract(st_intersection(st_boundary(piece.geom),
                                       st_snap(st_boundary(c.geom), piece.geom, 1e-8), 1e-9), 2)::geography) as border_m,
                                     st_area(c.geom::geography) as area_m2
                                from area c
                               where c.parent_id = piece.parent_id and st_dwithin(c.geom, piece.geom, 1e-8)) as n), '[]'::jsonb) as involved
       from piece
      where not st_isempty(piece.geom)`,
    [scopesParam(scopes)],
  );
}
