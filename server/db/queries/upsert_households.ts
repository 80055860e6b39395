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
  /** The assignment, when the caller has already made it; otherwise the row is left pending. */
  cell_id?: number | null;
  assignment?: 'pending' | 'assigned' | 'orphan' | 'ambiguous' | 'near_edge';
  /** For ambiguous rows: every cell holding the point. */
  cell_candidates?: number[] | null;
}

const BATCH = 50_000;

/**
 * Inserts households, or replaces those whose (region, id) exist; rows without an assignment
 * reset to pending. Columns travel as parallel arrays through `unnest`, which both drivers pass
 * as one parameter each, so a batch of 50,000 rows is one statement.
 */
export async function upsertHouseholds(db: Queryable, rows: HouseholdRow[]): Promise<number> {
  let written = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    const part = rows.slice(i, i + BATCH);
    const [r] = await db.query<{ n: number }>(
      `with written as (
         insert into household (region, id, address, head_name, phone, people, floating, flags, attrs, geom, cell_id, assignment, cell_candidates)
         select r.region, r.id, r.address, r.head_name, r.phone, r.people, r.floating,
                case when r.flags = '' then '{}'::text[] else string_to_array(r.flags, ',') end,
                coalesce(r.attrs::jsonb, '{}'::jsonb), st_setsrid(st_makepoint(r.lon, r.lat), 4326),
                r.cell_id, r.assignment, r.candidates::int[]
           from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::text[],
                       $9::text[], $10::float8[], $11::float8[], $12::int[], $13::text[], $14::text[])
                as r(region, id, address, head_name, phone, people, floating, flags, attrs, lon, lat, cell_id, assignment, candidates)
         on conflict (region, id) do update set
           address = excluded.address, head_name = excluded.head_name, phone = excluded.phone,
           people = excluded.people, floating = excluded.floating, flags = excluded.flags,
           attrs = excluded.attrs, geom = excluded.geom, cell_id = excluded.cell_id,
           assignment = excluded.assignment, cell_candidates = excluded.cell_candidates, updated_at = now()
         returning 1)
       select count(*)::int as n from written`,
      [
        part.map((h) => h.region),
        part.map((h) => h.id),
        part.map((h) => h.address ?? null),
        part.map((h) => h.head_name ?? null),
        part.map((h) => h.phone ?? null),
        part.map((h) => h.people ?? 1),
        part.map((h) => h.floating ?? 0),
        // Flags are checked to be lowercase words (no commas) before they reach here.
        part.map((h) => (h.flags ?? []).join(',')),
        part.map((h) => (h.attrs && Object.keys(h.attrs).length ? JSON.stringify(h.attrs) : null)),
        part.map((h) => h.lon),
        part.map((h) => h.lat),
        part.map((h) => h.cell_id ?? null),
        part.map((h) => h.assignment ?? 'pending'),
        part.map((h) => (h.cell_candidates?.length ? `{${h.cell_candidates.join(',')}}` : null)),
      ],
    );
    written += r.n;
  }
  return written;
}
