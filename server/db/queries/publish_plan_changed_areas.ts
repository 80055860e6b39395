import type { Queryable } from '../db.ts';

/**
 * Publishing, step 2: writes the draft's changed copies over their published areas (outline,
 * name, level, kind, attrs, parent by code). Only rows that differ are written, so the history
 * records real changes only. Returns each area's state before and after, for the audit log.
 */
export async function publishPlanChangedAreas(db: Queryable, planId: number): Promise<{ code: string; before: unknown; after: unknown }[]> {
  return db.query<{ code: string; before: unknown; after: unknown }>(
    `with src as (
       select pa.area_id, pa.geom, pa.name, pa.level, pa.kind, pa.attrs, np.id as parent_id
         from plan_area pa
         left join area np on np.code = pa.parent_code
        where pa.plan_id = $1::int and not pa.deleted and pa.area_id is not null),
     old as (
       select a.id, json_build_object('name', a.name, 'level', a.level, 'kind', a.kind, 'parent_id', a.parent_id,
                                      'geometry', st_asgeojson(a.geom, 7)::json) as before
         from area a join src on src.area_id = a.id),
     done as (
       update area a
          set geom = src.geom, name = src.name, level = src.level, kind = src.kind, attrs = src.attrs,
              parent_id = coalesce(src.parent_id, a.parent_id), updated_at = now()
         from src
        where a.id = src.area_id
          and (st_asbinary(a.geom) <> st_asbinary(src.geom) or a.name <> src.name or a.level <> src.level or a.kind <> src.kind
               or a.attrs <> src.attrs or a.parent_id is distinct from coalesce(src.parent_id, a.parent_id))
       returning a.id, a.code, json_build_object('name', a.name, 'level', a.level, 'kind', a.kind, 'parent_id', a.parent_id,
                                                 'geometry', st_asgeojson(a.geom, 7)::json) as after)
     select done.code, old.before, done.after from done join old using (id)`,
    [planId],
  );
}
