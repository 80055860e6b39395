import type { Queryable } from '../db.ts';

export interface EventMediaRow {
  id: string;
  /** The transition's log seq it came with; null for the report's own photos. */
  seq: number | null;
  width: number;
  height: number;
  content_type: string;
}

/** The photos of one event, the report's first, each in the order they were sent. */
export async function selectEventMedia(db: Queryable, key: { region: string; id: string }): Promise<EventMediaRow[]> {
  return db.query<EventMediaRow>(
    `select m.id, em.seq::float8 as seq, m.width, m.height, m.content_type
       from event_media em join media m on m.id = em.media_id
      where em.region = $1::text and em.event_id = $2::text
      order by em.seq nulls first, em.sort`,
    [key.region, key.id],
  );
}
