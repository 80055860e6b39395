import type { Queryable } from '../db.ts';

/** A household as lists show it: no head's name, no phone (personal data). */
export interface HouseholdListRow {
  id: string;
  region: string;
  address: string | null;
  people: number;
  floating: number;
  flags: string[];
  cell: string | null;
  assignment: string;
  /** Every cell holding an ambiguous household; null otherwise. */
  candidates: string[] | null;
}

export interface PointFilter {
  /** An area's code: what it and every area under it holds. */
  within?: string;
  assignment?: string;
  region?: string;
  limit?: number;
  offset?: number;
}

/** Households by cell (subtree), assignment status or region, ordered by id. */
export async function selectHouseholds(db: Queryable, filter: PointFilter): Promise<HouseholdListRow[]> {
  return db.query<HouseholdListRow>(
    `select h.id, h.region, h.address, h.people, h.floating, h.flags, a.code as cell, h.assignment,
            (select array_agg(c.code order by c.code) from area c where c.id = any(h.cell_candidates)) as candidates
       from household h
       left join area a on a.id = h.cell_id
      where ($1::text is null or a.path = (select path from area where code = $1::text)
                              or a.path like (select path from area where code = $1::text) || '/%')
        and ($2::text is null or h.assignment = $2::text)
        and ($3::text is null or h.region = $3::text)
      order by h.region, h.id
      limit $4::int offset $5::int`,
    [filter.within ?? null, filter.assignment ?? null, filter.region ?? null, filter.limit ?? 1000, filter.offset ?? 0],
  );
}
