import type { Queryable } from '../db.ts';

/** What an area card shows: counts over the area and everything under it. */
export interface AreaSummary {
  code: string;
  name: string;
  level: string;
  households: number;
  people: number;
  /** 流动人口 */
  floating: number;
  /** Households per special-care flag (elderly_alone, disabled, low_income …). */
  flags: Record<string, number>;
  /** Households per assignment status (near_edge and ambiguous need a look). */
  assignment: Record<string, number>;
  facilities: Record<string, number>;
  staff: Record<string, number>;
  party_orgs: Record<string, number>;
}

/**
 * Counts for one area's card from the stored assignments (no spatial join: tens of
 * milliseconds); undefined when no area has the code.
 */
export async function selectAreaSummary(db: Queryable, code: string): Promise<AreaSummary | undefined> {
  const [row] = await db.query<AreaSummary>(
    `with target as (select id, code, name, level, path from area where code = $1::text),
     cells as (select a.id from area a, target t where a.path = t.path or starts_with(a.path, t.path || '/')),
     hh as (select h.* from household h where h.cell_id in (select id from cells))
     select t.code, t.name, t.level,
            (select count(*) from hh)::int as households,
            (select coalesce(sum(people), 0) from hh)::int as people,
            (select coalesce(sum(floating), 0) from hh)::int as floating,
            (select coalesce(json_object_agg(flag, n), '{}'::json) from
               (select unnest(flags) as flag, count(*)::int as n from hh group by 1) x) as flags,
            (select coalesce(json_object_agg(assignment, n), '{}'::json) from
               (select assignment, count(*)::int as n from hh group by 1) x) as assignment,
            (select coalesce(json_object_agg(category, n), '{}'::json) from
               (select category, count(*)::int as n from facility where cell_id in (select id from cells) group by 1) x) as facilities,
            (select coalesce(json_object_agg(role, n), '{}'::json) from
               (select role, count(*)::int as n from staff_assignment where area_id in (select id from cells) group by 1) x) as staff,
            (select coalesce(json_object_agg(kind, n), '{}'::json) from
               (select kind, count(*)::int as n from party_org where area_id in (select id from cells) group by 1) x) as party_orgs
       from target t`,
    [code],
  );
  return row;
}
