import type { Queryable } from '../db.ts';

export interface StaffRow {
  region: string;
  id: string;
  name: string;
  phone?: string | null;
}

/** Inserts people of the staff register, or updates those whose (region, id) exist. */
export async function upsertStaff(db: Queryable, rows: StaffRow[]): Promise<number> {
  const [r] = await db.query<{ n: number }>(
    `with written as (
       insert into staff (region, id, name, phone)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[])
       on conflict (region, id) do update set name = excluded.name, phone = excluded.phone, updated_at = now()
       returning 1)
     select count(*)::int as n from written`,
    [rows.map((s) => s.region), rows.map((s) => s.id), rows.map((s) => s.name), rows.map((s) => s.phone ?? null)],
  );
  return r.n;
}
