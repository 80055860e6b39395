import type { Queryable } from '../db.ts';

/** A household as stored: WGS84 coordinates already, personal fields optional. */
export interface HouseholdRow {
  region: string;
  id: string;
  lon: number;
  lat: number;
  address?: string | null;
  head_name?: string | null;
  phone?: string | null;
  people?: number;
  floating?: number;
  flags?: string[];
  attrs?: Record<string, unknown>;
}

/** Inserts households, or replaces those whose (region, id) exist; their assignment resets. */
export async function upsertHouseholds(db: Queryable, rows: HouseholdRow[]): Promise<number> {
  const [r] = await db.query<{ n: number }>(
    `with written as (
       insert into household (region, id, address, head_name, phone, people, floating, flags, attrs, geom)
       select r.region, r.id, r.address, r.head_name, r.phone, coalesce(r.people, 1), coalesce(r.floating, 0),
              coalesce(r.flags, '{}'), coalesce(r.attrs, '{}'::jsonb), st_setsrid(st_makepoint(r.lon, r.lat), 4326)
         from jsonb_to_recordset($1::jsonb) as r(region text, id text, lon float8, lat float8, address text,
              head_name text, phone text, people int, floating int, flags text[], attrs jsonb)
       on conflict (region, id) do update set
         address = excluded.address, head_name = excluded.head_name, phone = excluded.phone,
         people = excluded.people, floating = excluded.floating, flags = excluded.flags,
         attrs = excluded.attrs, geom = excluded.geom, cell_id = null, assignment = 'pending', updated_at = now()
       returning 1)
     select count(*)::int as n from written`,
    [JSON.stringify(rows)],
  );
  return r.n;
}
