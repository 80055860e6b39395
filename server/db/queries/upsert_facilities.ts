import type { Queryable } from '../db.ts';

export interface FacilityRow {
  region: string;
  id: string;
  lon: number;
  lat: number;
  name: string;
  category: string;
  address?: string | null;
  attrs?: Record<string, unknown>;
}

/** Inserts facilities, or replaces those whose (region, id) exist; their assignment resets. */
export async function upsertFacilities(db: Queryable, rows: FacilityRow[]): Promise<number> {
  const [r] = await db.query<{ n: number }>(
    `with written as (
       insert into facility (region, id, name, category, address, attrs, geom)
       select r.region, r.id, r.name, r.category, r.address, coalesce(r.attrs, '{}'::jsonb),
              st_setsrid(st_makepoint(r.lon, r.lat), 4326)
         from jsonb_to_recordset($1::jsonb) as r(region text, id text, lon float8, lat float8, name text,
              category text, address text, attrs jsonb)
       on conflict (region, id) do update set
         name = excluded.name, category = excluded.category, address = excluded.address, attrs = excluded.attrs,
         geom = excluded.geom, cell_id = null, assignment = 'pending', updated_at = now()
       returning 1)
     select count(*)::int as n from written`,
    [JSON.stringify(rows)],
  );
  return r.n;
}
