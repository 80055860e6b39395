import type { Queryable } from '../db.ts';

export interface AreaRow {
  code: string;
  name: string;
  level: string;
  kind: string;
  depth: number;
  region: string;
  parent_code: string | null;
  attrs: Record<string, unknown>;
  geometry: GeoJSON.MultiPolygon;
  /** From the root down to the parent. */
  ancestors: { code: string; name: string; level: string }[];
  children: string[];
  area_m2: number;
}

/** One area with its chain of ancestors and its children's codes; undefined when there is none. */
export async function selectArea(db: Queryable, code: string): Promise<AreaRow | undefined> {
  const [row] = await db.query<AreaRow>(
    `select a.code, a.name, a.level, a.kind, a.depth, a.region, p.code as parent_code, a.attrs,
            st_asgeojson(st_forcepolygonccw(a.geom), 7)::json as geometry,
            st_area(a.geom::geography) as area_m2,
            coalesce((select json_agg(json_build_object('code', x.code, 'name', x.name, 'level', x.level) order by x.depth)
                        from area x
                       where x.code = any(string_to_array(a.path, '/')) and x.id <> a.id), '[]'::json) as ancestors,
            coalesce((select json_agg(c.code order by c.code) from area c where c.parent_id = a.id), '[]'::json) as children
       from area a
       left join area p on p.id = a.parent_id
      where a.code = $1::text`,
    [code],
  );
  return row;
}
