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
 * JS objects. With `at` (an ISO instant), the published tree as it stood then, from area_history:
 * parents, `within` and paths are those of that moment; empty before the first recorded state.
 * `decimals` caps coordinate precision (7 ≈ 1 cm).
 */
export async function selectAreasGeojson(db: Queryable, filter: AreaFilter, at?: string, decimals = 7): Promise<string> {
  // The rows to read, shaped as `area`'s: the table itself, or the history rows valid at $8.
  const areas = at === undefined
    ? 'area'
    : `(select area_id as id, code, name, level, kind, depth, path, attrs, geom, parent_id from area_history
         where valid_from <= $8::timestamptz and (valid_to is null or valid_to > $8::timestamptz))`;
  const [row] = await db.query<{ fc: string }>(
    `select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(f order by f.sort_code), '[]'::json))::text as fc
       from (select a.code as sort_code, json_build_object(
                'type', 'Feature',
                'id', a.code,
                'geometry', st_asgeojson(st_forcepolygonccw(a.geom), $6::int)::json,
                'properties', json_build_object(
                  'code', a.code, 'name', a.name, 'level', a.level, 'kind', a.kind,
                  'parent_code', p.code, 'depth', a.depth, 'attrs', a.attrs)) as f
               from ${areas} a
               left join ${areas} p on p.id = a.parent_id
              where ($1::text is null or a.level = $1::text)
                and ($2::text is null or p.code = $2::text)
                and ($3::text is null or starts_with(a.path, (select path from ${areas} w where w.code = $3::text limit 1) || '/'))
                and ($7::text[] is null or string_to_array(a.path, '/') && $7::text[])
                and ($4::float8[] is null or a.geom && st_makeenvelope($4[1], $4[2], $4[3], $4[4], 4326))
              order by a.code
              limit $5::int) as f`,
    [filter.level ?? null, filter.parent ?? null, filter.within ?? null, filter.bbox ?? null, filter.limit ?? null, decimals, filter.scope ?? null, ...(at === undefined ? [] : [at])],
  );
  return row.fc;
}
