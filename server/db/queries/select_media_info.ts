import type { Queryable } from '../db.ts';
import { iso } from './event_row.ts';
import type { MediaInfo } from './media_row.ts';

/** The photos with these ids that exist, each with the paths of the events and visits that hold it. */
export async function selectMediaInfo(db: Queryable, ids: readonly string[]): Promise<MediaInfo[]> {
  return db.query<MediaInfo>(
    `select m.id, m.owner_id, m.content_type, m.width, m.height, octet_length(m.bytes) as byte_size, m.sha256,
            ${iso('m.created_at')} as created_at,
            coalesce((select array_agg(e.area_path order by e.area_path)
                        from event_media em join event e on e.region = em.region and e.id = em.event_id
                       where em.media_id = m.id), '{}'::text[]) as event_paths,
            coalesce((select array_agg(v.area_path order by v.area_path)
                        from visit_media vm join visit v on v.id = vm.visit_id
                       where vm.media_id = m.id), '{}'::text[]) as visit_paths
       from media m
      where m.id = any($1::text[])`,
    [ids],
  );
}
