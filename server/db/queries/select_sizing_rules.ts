import type { Queryable } from '../db.ts';
import type { SizingRule } from '../../domain/sizing/sizing_rule.ts';

export interface SizingRuleRow {
  level: string;
  kind: string;
  households_min: number | null;
  households_max: number | null;
  people_min: number | null;
  people_max: number | null;
  floating_min: number | null;
  floating_max: number | null;
  facilities_min: number | null;
  facilities_max: number | null;
  events_per_month_min: number | null;
  events_per_month_max: number | null;
  community_workers_per_10k: number | null;
  grid_workers_per_grid: number | null;
  exempt_dedicated: boolean;
}

/** Every sizing rule, by level then kind ('*' first). */
export async function selectSizingRules(db: Queryable): Promise<SizingRule[]> {
  const rows = await db.query<SizingRuleRow>(
    `select level, kind, households_min, households_max, people_min, people_max, floating_min, floating_max,
            facilities_min, facilities_max, events_per_month_min, events_per_month_max,
            community_workers_per_10k::float8 as community_workers_per_10k, grid_workers_per_grid, exempt_dedicated
       from sizing_rule
      order by level, kind = '*' desc, kind`,
  );
  return rows.map(ruleFromRow);
}

export function ruleFromRow(r: SizingRuleRow): SizingRule {
  return {
    level: r.level,
    kind: r.kind,
    households: { min: r.households_min, max: r.households_max },
    people: { min: r.people_min, max: r.people_max },
    floating: { min: r.floating_min, max: r.floating_max },
    facilities: { min: r.facilities_min, max: r.facilities_max },
    eventsPerMonth: { min: r.events_per_month_min, max: r.events_per_month_max },
    communityWorkersPer10k: r.community_workers_per_10k,
    gridWorkersPerGrid: r.grid_workers_per_grid,
    exemptDedicated: r.exempt_dedicated,
  };
}
