import type { Queryable } from '../db.ts';

/**
 * Links photos to an event after those it holds, in the order given; a photo it already holds is
 * left where it is (a retry adds nothing). `seq`: the transition they came with, null for none.
 * Returns the ids newly linked.
 */
export async function insertEventMedia(db: Queryable, key: { region: string; id: string }, mediaIds: readonly string[], seq: number | null): Promise<string[]> {
  const rows = await db.query<{ media_id: string }>(
    `insert into event_media (region, event_id, media_id, seq, sort)
     select $1::text, $2::text, m.id, $4::bigint,
            coalesce((select max(sort) from event_media where event_id = $2::text), -1) + m.ord
       from unnest($3::text[]) with ordinality as m(id, ord)
     on conflict (event_id, media_id) do nothing
     returning media_id`,
    [key.region, key.id, mediaIds, seq],
  );
  return rows.map((r) => r.media_id);
}
