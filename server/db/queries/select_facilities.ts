import type { Queryable } from '../db.ts';
import type { PointFilter } from './select_households.ts';

export interface FacilityListRow {
  id: string;
  region: string;
  name: string;
  category: string;
  address: string | null;
  cell: string | null;
  assignment: string;
  candidates: string[] | null;
}

/** Facilities by cell (subtree), assignment status, region or category, ordered by id. */
export async function selectFacilities(db: Queryable, filter: PointFilter & { category?: string }): Promise<FacilityListRow[]> {
  return db.query<FacilityListRow>(
    `select f.id, f.region, f.name, f.category, f.address, a.code as cell, f.assignment,
            (select array_agg(c.code order by c.code) from area c where c.id = any(f.cell_candidates)) as candidates
       from facility f
       left join area a on a.id = f.cell_id
      where ($1::text is null or a.path = (select path from area where code = $1::text)
                              or starts_with(a.path, (select path from area where code = $1::text) || '/'))
        and ($2::text is null or f.assignment = $2::text)
        and ($3::text is null or f.region = $3::text)
        and ($6::text is null or f.category = $6::text)
        and ($7::text[] is null or string_to_array(a.path, '/') && $7::text[])
      order by f.region, f.id
      limit $4::int offset $5::int`,
    [filter.within ?? null, filter.assignment ?? null, filter.region ?? null, filter.limit ?? 1000, filter.offset ?? 0, filter.category ?? null, filter.scope ?? null],
  );
}
