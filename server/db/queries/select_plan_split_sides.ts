import type { Queryable } from '../db.ts';

export interface PlanSplit {
  /** How many pieces the line cuts the cell into (1: it does not cut it). */
  pieces: number;
  /** The cell's live children and the piece their interior point falls in. */
  units: { code: string; piece: number | null; households: number }[];
  /** For a cell without children: each piece as hex EWKB, largest first. */
  shapes: { piece: number; geom: string; area_m2: number }[];
}

/**
 * Cuts a draft cell by a line (ST_Split) and tells, for each of its children, which piece its
 * interior point (ST_PointOnSurface) falls in, with the households inside it (to decide which
 * side keeps the code). The cell is snapped to the line first at 1e-9° so that a line drawn
 * through a vertex still cuts (PostGIS's advice for ST_Split).
 */
export async function selectPlanSplitSides(db: Queryable, planId: number, code: string, line: unknown): Promise<PlanSplit> {
  const [row] = await db.query<{ doc: string }>(
    `with cell as (select geom from plan_area where plan_id = $1::int and code = $2::text),
     blade as (select st_setsrid(st_geomfromgeojson($3::text), 4326) as g),
     pieces as (
       select row_number() over (order by st_area(d.geom) desc)::int as piece, d.geom
         from cell, blade,
              lateral st_dump(st_collectionextract(st_split(st_snap(cell.geom, blade.g, 1e-9), blade.g), 3)) as d),
     units as (
       select c.code,
              (select p.piece from pieces p where st_intersects(p.geom, st_pointonsurface(c.geom)) order by p.piece limit 1) as piece,
              (select count(*) from household h where h.geom && c.geom and st_intersects(h.geom, c.geom))::int as households
         from plan_area c
        where c.plan_id = $1::int and c.parent_code = $2::text and not c.deleted)
     select json_build_object(
              'pieces', (select count(*) from pieces),
              'units', coalesce((select json_agg(json_build_object('code', code, 'piece', piece, 'households', households) order by code) from units), '[]'::json),
              'shapes', coalesce((select json_agg(json_build_object('piece', piece, 'geom', encode(st_asewkb(st_multi(geom)), 'hex'),
                                                                    'area_m2', st_area(geom::geography)) order by piece) from pieces), '[]'::json))::text as doc`,
    [planId, code, JSON.stringify(line)],
  );
  return JSON.parse(row.doc);
}
