import type { Queryable } from '../db.ts';

export interface SnappedGeometry {
  /** PostGIS's reason when the drawn geometry is invalid (nothing was snapped then). */
  invalid: string | null;
  /** The snapped outline as hex EWKB (a MultiPolygon), null when invalid or empty. */
  geom: string | null;
  area_m2: number;
}

/**
 * Snaps a drawn outline onto its neighbours: the vertices and edges of the draft's other cells
 * of `level` near it, and of its parent, within `snapM` metres (ST_Snap: the drawn vertices move
 * onto theirs, and their vertices are inserted into the drawn edges), so that a border drawn
 * along a neighbour's becomes that border exactly and leaves no sliver. The tolerance is in
 * degrees of longitude at the shape's latitude, the larger of the two.
 */
export async function snapPlanGeometry(
  db: Queryable,
  planId: number,
  geojson: unknown,
  opts: { exclude: string | null; level: string; parent: string | null; snapM: number },
): Promise<SnappedGeometry> {
  const [row] = await db.query<SnappedGeometry>(
    `with input as (select st_setsrid(st_geomfromgeojson($2::text), 4326) as g),
     checked as (select g, case when st_isvalid(g) then null else st_isvalidreason(g) end as invalid,
                        $6::float8 / (111320 * cos(radians(st_y(st_centroid(g))))) as tol
                   from input),
     ref as (select st_collect(a.geom) as g
               from plan_area a, checked c
              where a.plan_id = $1::int and not a.deleted and c.invalid is null
                and (a.code is distinct from $3::text) and (a.level = $4::text or a.code = $5::text)
                and a.geom && st_expand(c.g, c.tol * 2)),
     snapped as (
       select c.invalid,
              case when c.invalid is not null then null
                   when ref.g is null then st_multi(c.g)
                   else st_multi(st_collectionextract(st_makevalid(st_snap(c.g, ref.g, c.tol)), 3)) end as g
         from checked c, ref)
     select invalid,
            case when g is null or st_isempty(g) then null else encode(st_asewkb(g), 'hex') end as geom,
            coalesce(st_area(g::geography), 0) as area_m2
       from snapped`,
    [planId, JSON.stringify(geojson), opts.exclude, opts.level, opts.parent, opts.snapM],
  );
  return row;
}
