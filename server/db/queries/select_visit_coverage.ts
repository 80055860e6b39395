import type { Queryable } from '../db.ts';
import type { VisitCoverage } from '../../domain/patrols/visit_coverage_csv.ts';

/**
 * For every area of level `group` in the subtree of `area` (the area itself when of that level):
 * how many units (单元) it holds, how many of them had a visit since `since`, and how many visits
 * that was. Aggregates only: no walker, no household, no note.
 */
export async function selectVisitCoverage(db: Queryable, area: string, group: string, since: string): Promise<VisitCoverage[]> {
  const rows = await db.query<VisitCoverage>(
    `with root as (select path from area where code = $1::text),
          g as (select a.code, a.name, a.level, a.path from area a, root
                 where a.level = $2::text and (a.path = root.path or starts_with(a.path, root.path || '/'))),
          v as (select unit_code, count(*)::int as n from visit where visited_at >= $3::timestamptz group by unit_code)
     select g.code, g.name, g.level, count(u.code)::int as units, count(v.unit_code)::int as visited, coalesce(sum(v.n), 0)::int as visits
       from g
       left join area u on u.level = 'unit' and (u.path = g.path or starts_with(u.path, g.path || '/'))
       left join v on v.unit_code = u.code
      group by g.code, g.name, g.level
      order by g.code`,
    [area, group, since],
  );
  return rows;
}
