import type { Queryable } from '../db.ts';

export interface AddressPointWrite {
  id: string;
  address: string;
  norm: string;
  building: string | null;
  unit: string | null;
  attrs: Record<string, unknown>;
  lon: number;
  lat: number;
  cell_id: number | null;
}

/** Inserts standard addresses of one tree, or replaces those with the same (region, id); one statement. */
export async function upsertAddressPoints(db: Queryable, region: string, rows: AddressPointWrite[]): Promise<number> {
  const [r] = await db.query<{ n: number }>(
    `with written as (
       insert into address_point (region, id, address, norm, building, unit, attrs, geom, cell_id)
       select $1::text, r.id, r.address, r.norm, r.building, r.unit, coalesce(r.attrs::jsonb, '{}'::jsonb),
              st_setsrid(st_makepoint(r.lon, r.lat), 4326), r.cell_id
         from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::float8[], $9::float8[], $10::int[])
              as r(id, address, norm, building, unit, attrs, lon, lat, cell_id)
       on conflict (region, id) do update set
         address = excluded.address, norm = excluded.norm, building = excluded.building, unit = excluded.unit,
         attrs = excluded.attrs, geom = excluded.geom, cell_id = excluded.cell_id, updated_at = now()
       returning 1)
     select count(*)::int as n from written`,
    [
      region,
      rows.map((a) => a.id),
      rows.map((a) => a.address),
      rows.map((a) => a.norm),
      rows.map((a) => a.building),
      rows.map((a) => a.unit),
      rows.map((a) => (Object.keys(a.attrs).length ? JSON.stringify(a.attrs) : null)),
      rows.map((a) => a.lon),
      rows.map((a) => a.lat),
      rows.map((a) => a.cell_id),
    ],
  );
  return r.n;
}
