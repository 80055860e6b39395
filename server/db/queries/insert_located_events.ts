import type { Queryable } from '../db.ts';
import { eventReportWritesCtes } from './event_report_writes_ctes.ts';
import type { DuplicateRule, LikelyDuplicate, NewEvent } from './insert_events.ts';

/** A report whose cell and grid are already known (located in memory, locate_event_cell.ts). */
export interface LocatedEvent extends NewEvent {
  region: string;
  cell_id: number;
  cell_code: string;
  grid_id: number;
  area_path: string;
}

export interface InsertedLocatedEvent {
  likely_duplicates: LikelyDuplicate[];
  /** The report's log seq; null when the id already exists (nothing was written). */
  seq: number | null;
}

/**
 * Reports a batch of located events in ONE statement, the intake's hot path: finds likely
 * duplicates (open events of the same category within the radius and hours), inserts the events,
 * their first log entries (action `report`) and their audit entries. The same statement as
 * insert_events.ts without the locate, which the caller did in memory: on the embedded database
 * the SQL locate (a PostGIS call per candidate area) was most of the cost of a report.
 * Ids must be distinct in a batch; results come back in the order of `events`.
 *
 * The log insert joins pg_advisory_xact_lock(7346004) so that seq order is commit order (see
 * insert_events.ts): a stream client resuming after seq N misses nothing.
 */
export async function insertLocatedEvents(db: Queryable, events: readonly LocatedEvent[], dup: DuplicateRule): Promise<InsertedLocatedEvent[]> {
  const col = <K extends keyof LocatedEvent>(k: K) => events.map((e) => e[k] ?? null);
  const rows = await db.query<InsertedLocatedEvent & { n: number }>(
    `with input as (
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                            $9::float8[], $10::float8[], $11::text[], $12::text[], $13::timestamptz[], $14::timestamptz[], $15::text[], $16::text[],
                            $17::text[], $18::text[], $19::int[], $20::text[], $21::int[], $22::text[])
                with ordinality as r(id, category, severity, description, source, reporter, photo_ref, address,
                                     lon, lat, status, level, due_at, reported_at, request_hash, by,
                                     actor, region, cell_id, cell_code, grid_id, area_path, n)),
     ok as (select r.*, st_setsrid(st_point(r.lon, r.lat), 4326) as g, mm.media
            from input r left join unnest($26::text[]) with ordinality as mm(media, k) on mm.k = r.n),
     ${eventReportWritesCtes({ radius: 23, hours: 24, statuses: 25 })}
     select o.n, d.list as likely_duplicates, l.seq
       from ok o
       join dups d using (n)
       left join log l on l.event_id = o.id
      order by o.n`,
    [
      col('id'), col('category'), col('severity'), col('description'), col('source'), col('reporter'), col('photo_ref'), col('address'),
      col('lon'), col('lat'), col('status'), col('level'), col('due_at'), col('reported_at'), col('request_hash'), col('by'),
      col('actor'), col('region'), col('cell_id'), col('cell_code'), col('grid_id'), col('area_path'),
      dup.radiusM, dup.hours, dup.openStatuses, events.map((e) => e.media ?? null),
    ],
  );
  return rows.map(({ n: _n, ...r }) => r);
}
