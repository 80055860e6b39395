import type { Queryable } from '../db.ts';

export interface VisitRow {
  id: string;
  owner_id: number;
  patrol_id: string | null;
  unit_code: string;
  unit_name: string | null;
  area_path: string;
  household_id: string | null;
  note: string;
  visited_at: string;
  media: string[];
}

/** One visit by id, with its photos' ids in order. */
export async function selectVisit(db: Queryable, id: string): Promise<VisitRow | undefined> {
  const [row] = await db.query<VisitRow>(
    `select v.id, v.owner_id, v.patrol_id, v.unit_code, a.name as unit_name, v.area_path, v.household_id, v.note,
            to_char(v.visited_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as visited_at,
            coalesce((select array_agg(media_id order by sort) from visit_media where visit_id = v.id), '{}') as media
       from visit v left join area a on a.code = v.unit_code
      where v.id = $1::text`,
    [id],
  );
  return row;
}
