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
  /** The assignment, when the caller has already made it; otherwise the row is left pending. */
  cell_id?: number | null;
  assignment?: 'pending' | 'assigned' | 'orphan' | 'ambiguous' | 'near_edge';
  cell_candidates?: number[] | null;
}

const BATCH = 50_000;

/** Inserts facilities, or replaces those whose (region, id) exist; rows without an assignment reset to pending. */
export async function upsertFacilities(db: Queryable, rows: FacilityRow[]): Promise<number> {
  let written = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    const part = rows.slice(i, i + BATCH);
    const [r] = await db.query<{ n: number }>(
      `with written as (
         insert into facility (region, id, name, category, address, attrs, geom, cell_id, assignment, cell_candidates)
         select r.region, r.id, r.name, r.category, r.address, coalesce(r.attrs::jsonb, '{}'::jsonb),
                st_setsrid(st_makepoint(r.lon, r.lat), 4326), r.cell_id, r.assignment, r.candidates::int[]
           from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::float8[],
                       $9::int[], $10::text[], $11::text[])
                as r(region, id, name, category, address, attrs, lon, lat, cell_id, assignment, candidates)
         on conflict (region, id) do update set
           name = excluded.name, category = excluded.category, address = excluded.address, attrs = excluded.attrs,
           geom = excluded.geom, cell_id = excluded.cell_id, assignment = excluded.assignment,
           cell_candidates = excluded.cell_candidates, updated_at = now()
         returning 1)
       select count(*)::int as n from written`,
      [
        part.map((f) => f.region),
        part.map((f) => f.id),
        part.map((f) => f.name),
        part.map((f) => f.category),
        part.map((f) => f.address ?? null),
        part.map((f) => (f.attrs && Object.keys(f.attrs).length ? JSON.stringify(f.attrs) : null)),
        part.map((f) => f.lon),
        part.map((f) => f.lat),
        part.map((f) => f.cell_id ?? null),
        part.map((f) => f.assignment ?? 'pending'),
        part.map((f) => (f.cell_candidates?.length ? `{${f.cell_candidates.join(',')}}` : null)),
      ],
    );
    written += r.n;
  }
  return written;
}
