import type { Queryable } from '../db.ts';

/**
 * Publishing, step 1: inserts the draft's new cells whose parents are already published (call
 * it once per depth, parents first). Returns the codes written; a code already used by an area
 * elsewhere is left out, and the caller refuses the publish.
 */
export async function publishPlanNewAreas(db: Queryable, planId: number, codes: string[]): Promise<{ code: string; after: unknown }[]> {
  if (codes.length === 0) return [];
  return db.query<{ code: string; after: unknown }>(
    `insert into area (region, code, parent_id, path, depth, level, kind, name, attrs, geom)
     select p.region, pa.code, p.id, p.path || '/' || pa.code, p.depth + 1, pa.level, pa.kind, pa.name, pa.attrs, pa.geom
       from plan_area pa
       join area p on p.code = pa.parent_code
      where pa.plan_id = $1::int and pa.code = any($2::text[]) and not pa.deleted
        and not exists (select 1 from area x where x.code = pa.code)
     returning code, json_build_object('name', name, 'level', level, 'kind', kind, 'parent_id', parent_id,
                                       'geometry', st_asgeojson(geom, 7)::json) as after`,
    [planId, codes],
  );
}
