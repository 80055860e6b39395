import type { Queryable } from '../db.ts';
import { eventReportWritesCtes } from './event_report_writes_ctes.ts';

export interface NewEvent {
  id: string;
  category: string;
  severity: string;
  description: string;
  source: string;
  reporter: string | null;
  photo_ref: string | null;
  address: string | null;
  lon: number;
  lat: number;
  status: string;
  level: string;
  due_at: string | null;
  reported_at: string;
  request_hash: string;
  /** Who reported it, for the log. */
  by: string;
  /** The signed-in user who sent it, for the audit log; `by` when absent. */
  actor?: string;
  /** Ids of its photos (media), comma-joined in order; null for none. */
  media?: string | null;
}

/** An open event of the same category close to a new report: perhaps the same thing. */
export interface LikelyDuplicate {
  id: string;
  distance_m: number;
  status: string;
  reported_at: string;
}

export interface InsertedEvent {
  /** Null when no area holds the point. */
  region: string | null;
  cell_id: number | null;
  cell_code: string | null;
  cell_name: string | null;
  cell_level: string | null;
  area_path: string | null;
  /** The cell is a grid or lies in one, or is a leaf of a tree without grids: false for a point in a gap between a cell's children. */
  in_grid: boolean | null;
  grid_code: string | null;
  grid_name: string | null;
  likely_duplicates: LikelyDuplicate[] | null;
  /** The report's log seq; null when nothing was written (no grid, or the id already exists). */
  seq: number | null;
}

export interface DuplicateRule {
  radiusM: number;
  hours: number;
  openStatuses: readonly string[];
}

/**
 * Reports a batch of events in ONE statement, the intake's hot path: snaps each point to the
 * deepest area holding it and that area's `grid` ancestor, finds likely duplicates (open events
 * of the same category within the radius and hours), inserts the events and their first log
 * entries (action `report`). One statement is atomic without an explicit transaction and costs
 * one round trip and one plan for the whole batch. Nothing is written for a point in no grid (a
 * gap between a cell's children, or outside every area) or an id that already exists: `seq` is
 * null then and the caller tells which from the other columns. Ids must be distinct in a batch.
 * Results come back in the order of `events`.
 *
 * Why the lock: identity values are drawn at insert time, not at commit, so on a server two
 * concurrent writers could commit seq 11 before seq 10, and a stream client resuming after 11
 * would never see 10. The log insert joins pg_advisory_xact_lock(7346004), so the lock is taken
 * before any seq is drawn and held until the statement commits: seq order is commit order. It
 * serialises only the tail of each write (update_event_state.ts takes the same lock).
 */
export async function insertEvents(db: Queryable, events: readonly NewEvent[], dup: DuplicateRule): Promise<InsertedEvent[]> {
  const col = <K extends keyof NewEvent>(k: K) => events.map((e) => e[k]);
  const rows = await db.query<InsertedEvent & { n: number }>(
    `with input as (
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                            $9::float8[], $10::float8[], $11::text[], $12::text[], $13::timestamptz[], $14::timestamptz[], $15::text[], $16::text[])
                with ordinality as r(id, category, severity, description, source, reporter, photo_ref, address,
                                     lon, lat, status, level, due_at, reported_at, request_hash, by, n)),
     pts as (select r.*, st_setsrid(st_point(r.lon, r.lat), 4326) as g from input r),
     info as (
       select p.n, c.id as cell_id, c.code as cell_code, c.name as cell_name, c.level as cell_level, c.path, c.region,
              exists(select 1 from area k where k.parent_id = c.id) as has_children,
              gr.id as grid_id, gr.code as grid_code, gr.name as grid_name
         from pts p
         -- Candidates by box, deepest first, and only then the exact test: offset 0 keeps the
         -- filter above the sort, so the limit stops at the first cell that covers the point and
         -- the large town and community polygons are rarely tested at all.
         left join lateral (
           select * from (
             select a.id, a.code, a.name, a.level, a.path, a.region, a.geom
               from area a
              where a.geom && p.g
              order by a.depth desc, a.code
             offset 0) cand
            where st_covers(cand.geom, p.g)
            limit 1) c on true
         left join lateral (
           select g.id, g.code, g.name from area g
            where g.code = any(string_to_array(c.path, '/')) and g.level = 'grid'
            order by g.depth desc
            limit 1) gr on true),
     ok as (
       select p.*, i.cell_id, i.cell_code, i.path as area_path, i.region, coalesce(i.grid_id, i.cell_id) as grid_id, a.actor, mm.media
         from pts p join info i using (n)
         left join unnest($20::text[]) with ordinality as a(actor, n) using (n)
         left join unnest($21::text[]) with ordinality as mm(media, n) using (n)
        where i.cell_id is not null and (i.grid_id is not null or not i.has_children)),
     ${eventReportWritesCtes({ radius: 17, hours: 18, statuses: 19 })}
     select p.n, i.region, i.cell_id, i.cell_code, i.cell_name, i.cell_level, i.path as area_path,
            (i.grid_id is not null or not i.has_children) as in_grid,
            coalesce(i.grid_code, i.cell_code) as grid_code, coalesce(i.grid_name, i.cell_name) as grid_name,
            d.list as likely_duplicates, l.seq
       from pts p
       join info i using (n)
       left join dups d using (n)
       left join log l on l.event_id = p.id
      order by p.n`,
    [
      col('id'), col('category'), col('severity'), col('description'), col('source'), col('reporter'), col('photo_ref'), col('address'),
      col('lon'), col('lat'), col('status'), col('level'), col('due_at'), col('reported_at'), col('request_hash'), col('by'),
      dup.radiusM, dup.hours, dup.openStatuses, events.map((e) => e.actor ?? null), events.map((e) => e.media ?? null),
    ],
  );
  return rows.map(({ n: _n, ...r }) => r);
}
