import type { Queryable } from '../db.ts';
import type { AreaFilter } from './select_areas_geojson.ts';

/**
 * The published areas as they stood at `at` (an ISO instant), from area_history, as an RFC 7946
 * FeatureCollection shaped like the live list's (selectAreasGeojson). Parents, `within` and
 * paths are those of that moment. Empty before the first recorded state.
 */
export async function selectAreaHistoryGeojson(db: Queryable, at: string, filter: AreaFilter, decimals = 7): Promise<string> {
  const [row] = await db.query<{ fc: string }>(
    `with h as (select * from area_history where valid_from <= $7::timestamptz and (valid_to is null or valid_to > $7::timestamptz))
     select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(f order by f.sort_code), '[]'::json))::text as fc
       from (select a.code as sort_code, json_build_object(
                'type', 'Feature',
                'id', a.code,
                'geometry', st_asgeojson(a.geom, $6::int)::json,
                'properties', json_build_object(
                  'code', a.code, 'name', a.name, 'level', a.level, 'kind', a.kind,
                  'parent_code', p.code, 'depth', a.depth, 'attrs', a.attrs)) as f
               from h a
               left join h p on p.area_id = a.parent_id
              where ($1::text is null or a.level = $1::text)
                and ($2::text is null or p.code = $2::text)
                and ($3::text is null or starts_with(a.path, (select path from h where code = $3::text limit 1) || '/'))
                and ($8::text[] is null or string_to_array(a.path, '/') && $8::text[])
                and ($4::float8[] is null or a.geom && st_makeenvelope($4[1], $4[2], $4[3], $4[4], 4326))
              order by a.code
              limit $5::int) as f`,
    [filter.level ?? null, filter.parent ?? null, filter.within ?? null, filter.bbox ?? null, filter.limit ?? null, decimals, at, (filter as { scope?: string[] | null }).scope ?? null],
  );
  return row.fc;
}
