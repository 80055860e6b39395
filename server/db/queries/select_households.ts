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
  /** Only for callers with households.personal over the household's cell (absent otherwise). */
  head_name?: string | null;
  phone?: string | null;
}

export interface PointFilter {
  /** An area's code: what it and every area under it holds. */
  within?: string;
  assignment?: string;
  region?: string;
  limit?: number;
  offset?: number;
  /** Roots of the subtrees the caller may see (null or absent: everywhere); orphans only for everywhere. */
  scope?: string[] | null;
}

/**
 * Households by cell (subtree), assignment status or region, ordered by id. `personal` adds the
 * head's name and phone, filled only where the cell lies under one of its roots (null: everywhere).
 */
export async function selectHouseholds(db: Queryable, filter: PointFilter, personal?: { scope: string[] | null }): Promise<HouseholdListRow[]> {
  const rows = await db.query<HouseholdListRow>(
    `select h.id, h.region, h.address, h.people, h.floating, h.flags, a.code as cell, h.assignment,
            (select array_agg(c.code order by c.code) from area c where c.id = any(h.cell_candidates)) as candidates,
            case when $7::boolean and ($8::text[] is null or string_to_array(a.path, '/') && $8::text[]) then h.head_name end as head_name,
            case when $7::boolean and ($8::text[] is null or string_to_array(a.path, '/') && $8::text[]) then h.phone end as phone
       from household h
       left join area a on a.id = h.cell_id
      where ($1::text is null or a.path = (select path from area where code = $1::text)
                              or starts_with(a.path, (select path from area where code = $1::text) || '/'))
        and ($2::text is null or h.assignment = $2::text)
        and ($3::text is null or h.region = $3::text)
        and ($6::text[] is null or string_to_array(a.path, '/') && $6::text[])
      order by h.region, h.id
      limit $4::int offset $5::int`,
    [filter.within ?? null, filter.assignment ?? null, filter.region ?? null, filter.limit ?? 1000, filter.offset ?? 0, filter.scope ?? null, personal !== undefined, personal?.scope ?? null],
  );
  // Without households.personal the fields are absent, not null: nothing hints they exist.
  return personal ? rows : rows.map(({ head_name: _n, phone: _p, ...row }) => row);
}
