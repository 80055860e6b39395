import type { Queryable } from '../db.ts';

export interface SizingUnitRow {
  code: string;
  name: string;
  kind: string;
  /** Its ancestor at the grid level, null when it has none (an area never gridded). */
  grid: string | null;
  /** The grid's parent, or the unit's own parent when it has no grid: grids never cross it. */
  container: string;
  area_m2: number;
  perimeter_m: number;
  lon: number;
  lat: number;
  path: string;
}

/**
 * The units under a root, each with its current grid, its community, its area and outline on the
 * spheroid, a point on its surface, and its path (households are summed in by selectSizingCounts).
 * Ancestors are found by code from the unit's path, which the unique index on `code` serves.
 */
export async function selectSizingUnits(db: Queryable, root: string, unitLevel: string, gridLevel: string): Promise<SizingUnitRow[]> {
  return db.query<SizingUnitRow>(
    `with root as (select path from area where code = $1::text)
     select u.code, u.name, u.kind, g.code as grid, coalesce(gp.code, up.code, u.code) as container,
            st_area(u.geom::geography) as area_m2, st_perimeter(u.geom::geography) as perimeter_m,
            st_x(pt.p) as lon, st_y(pt.p) as lat, u.path
       from area u cross join root
       left join lateral (select a.code, a.parent_id from area a
                           where a.code = any(string_to_array(u.path, '/')) and a.level = $3::text
                           order by a.depth desc limit 1) as g on true
       left join area gp on gp.id = g.parent_id
       left join area up on up.id = u.parent_id
      cross join lateral (select st_pointonsurface(u.geom) as p) as pt
      where u.level = $2::text and (u.path = root.path or starts_with(u.path, root.path || '/'))
      order by u.code`,
    [root, unitLevel, gridLevel],
  );
}
