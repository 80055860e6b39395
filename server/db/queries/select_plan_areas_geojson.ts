import type { Queryable } from '../db.ts';
import { PLAN_AREA_STATE } from './plan_row.ts';

/**
 * A draft's cells as a GeoJSON FeatureCollection (text, built in SQL): live cells of `level`
 * (or all), and the deleted ones too when `withDeleted`, each with its state against the
 * published copy. `changedOnly` keeps the new, changed and deleted ones (the diff's map).
 */
export async function selectPlanAreasGeojson(
  db: Queryable,
  planId: number,
  opts: { level?: string; withDeleted?: boolean; changedOnly?: boolean; decimals?: number },
): Promise<string> {
  const [row] = await db.query<{ fc: string }>(
    `select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(f.feature order by f.code), '[]'::json))::text as fc
       from (select pa.code, json_build_object(
                'type', 'Feature', 'id', pa.code,
                'geometry', st_asgeojson(st_forcepolygonccw(case when pa.deleted then pa.base_geom else pa.geom end), $5::int)::json,
                'properties', json_build_object(
                  'code', pa.code, 'name', pa.name, 'level', pa.level, 'kind', pa.kind, 'parent_code', pa.parent_code,
                  'locked', pa.locked, 'state', ${PLAN_AREA_STATE}, 'successor', pa.successor)) as feature,
                ${PLAN_AREA_STATE} as state
               from plan_area pa
              where pa.plan_id = $1::int and ($2::text is null or pa.level = $2::text)
                and ($3::boolean or not pa.deleted)) as f
      where not $4::boolean or f.state <> 'unchanged'`,
    [planId, opts.level ?? null, opts.withDeleted ?? false, opts.changedOnly ?? false, opts.decimals ?? 7],
  );
  return row.fc;
}
