import type { Queryable } from '../db.ts';

export interface SizingCountRow {
  /** The counted area's path: codes from the tree's root down to it, joined by '/'. */
  path: string;
  households: number;
  people: number;
  floating: number;
  facilities: number;
}

/**
 * What each area under a root holds directly (households assigned to it, with their people and
 * floating population, and facilities), for areas holding anything. Summing these into cells
 * by path happens in JS (sumCountsByAncestor): a join from every cell to every descendant is
 * what made this slow on PGlite, whose planner has no statistics on a fresh copy.
 */
export async function selectSizingCounts(db: Queryable, root: string): Promise<SizingCountRow[]> {
  return db.query<SizingCountRow>(
    `with root as (select path from area where code = $1::text),
     sub as (select a.id, a.path from area a, root where a.path = root.path or starts_with(a.path, root.path || '/')),
     hh as (select h.cell_id, count(*)::int as n, sum(h.people)::int as people, sum(h.floating)::int as floating
              from household h where h.cell_id in (select id from sub) group by h.cell_id),
     fc as (select f.cell_id, count(*)::int as n from facility f where f.cell_id in (select id from sub) group by f.cell_id)
     select s.path, coalesce(hh.n, 0) as households, coalesce(hh.people, 0) as people,
            coalesce(hh.floating, 0) as floating, coalesce(fc.n, 0) as facilities
       from sub s left join hh on hh.cell_id = s.id left join fc on fc.cell_id = s.id
      where hh.n is not null or fc.n is not null`,
    [root],
  );
}
