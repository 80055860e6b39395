import type { Queryable } from '../db.ts';
import type { SizingRule } from '../../domain/sizing/sizing_rule.ts';

/** Replaces the whole rule set; call inside a transaction so a failure leaves the old set. */
export async function replaceSizingRules(tx: Queryable, rules: readonly SizingRule[]): Promise<number> {
  await tx.query('delete from sizing_rule');
  if (rules.length === 0) return 0;
  const rows = await tx.query<{ n: number }>(
    `with r as (
       select * from jsonb_to_recordset($1::jsonb) as x(
         level text, kind text, households_min int, households_max int, people_min int, people_max int,
         floating_min int, floating_max int, facilities_min int, facilities_max int,
         events_per_month_min int, events_per_month_max int, community_workers_per_10k numeric,
         grid_workers_per_grid int, exempt_dedicated boolean)),
     ins as (
       insert into sizing_rule (level, kind, households_min, households_max, people_min, people_max,
              floating_min, floating_max, facilities_min, facilities_max, events_per_month_min,
              events_per_month_max, community_workers_per_10k, grid_workers_per_grid, exempt_dedicated)
       select level, kind, households_min, households_max, people_min, people_max, floating_min, floating_max,
              facilities_min, facilities_max, events_per_month_min, events_per_month_max,
              community_workers_per_10k, grid_workers_per_grid, exempt_dedicated
         from r
       returning 1)
     select count(*)::int as n from ins`,
    [
      JSON.stringify(
        rules.map((r) => ({
          level: r.level,
          kind: r.kind,
          households_min: r.households.min,
          households_max: r.households.max,
          people_min: r.people.min,
          people_max: r.people.max,
          floating_min: r.floating.min,
          floating_max: r.floating.max,
          facilities_min: r.facilities.min,
          facilities_max: r.facilities.max,
          events_per_month_min: r.eventsPerMonth.min,
          events_per_month_max: r.eventsPerMonth.max,
          community_workers_per_10k: r.communityWorkersPer10k,
          grid_workers_per_grid: r.gridWorkersPerGrid,
          exempt_dedicated: r.exemptDedicated,
        })),
      ),
    ],
  );
  return rows[0].n;
}
