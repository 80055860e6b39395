import type { Queryable } from '../db.ts';

export interface AreaFilter {
  level?: string;
  /** Code of the parent: its direct children. */
  parent?: string;
  /** Code of an ancestor: everything under it, at any depth. */
  within?: string;
  /** [west, south, east, north] in degrees. */
  bbox?: [number, number, number, number];
  limit?: number;
  /** Roots of the subtrees the caller may see (null or absent: everywhere). */
  scope?: string[] | null;
}

/**
 * Areas as an RFC 7946 FeatureCollection, built in SQL so that large answers never pass through
 * JS objects. `decimals` caps coordinate precision (7 ≈ 1 cm).
 */
export async function selectAreasGeojson(db: Queryable, filter: AreaFilter, decimals = 7): Promise<string> {
  const [row] = await db.query<{ fc: string }>(
    `select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(f order by f.sort_code), '[]'::json))::text as fc
       from (select a.code as sort_code, json_build_object(
                'type', 'Feature',
                'id', a.code,
                'geometry', st_asgeojson(a.geom, $6::int)::json,
                'properties', json_build_object(
                  'code', a.code, 'name', a.name, 'level', a.level, 'kind', a.kind,
                  'parent_code', p.code, 'depth', a.depth, 'attrs', a.attrs)) as f, a.code
               from area a
               left join area p on p.id = a.parent_id
              where ($1::text is null or a.level = $1::text)
                and ($2::text is null or p.code = $2::text)
                and ($3::text is null or starts_with(a.path, (select path from area where code = $3::text) || '/'))
                and ($7::text[] is null or string_to_array(a.path, '/') && $7::text[])
                and ($4::float8[] is null or a.geom && st_makeenvelope($4[1], $4[2], $4[3], $4[4], 4326))
              order by a.code
              limit $5::int) as f`,
    [filter.level ?? null, filter.parent ?? null, filter.within ?? null, filter.bbox ?? null, filter.limit ?? null, decimals, filter.scope ?? null],
  );
  return row.fc;
}
