/**
 * The writes shared by the two event inserts (insertEvents locates in SQL, insertLocatedEvents
 * takes located rows): CTEs `dups`, `ins`, `lock`, `log` and `audit`, to follow a CTE `ok` with
 * one row per report: n, id, category, severity, description, source, reporter, photo_ref,
 * address, g (the point), lon, lat, region, cell_id, cell_code, grid_id, area_path, status, level,
 * due_at, reported_at, request_hash, by, actor, media (photo ids, comma-joined, or null).
 *
 * `dups`: up to five open events of the same category reported within the window and the radius
 * before each report, nearest first. `ins`: the events, an existing id left alone. `log`: their
 * first log entries, under the lock that makes seq order commit order (see insertEvents).
 * `audit`: the audit entries, committed with the events. `media_link`: the report's photos, in
 * order, linked to the events written (a retry writes nothing: its event exists). Takes the numbers of the statement's
 * parameters that hold the radius in metres, the window in hours and the open statuses (text
 * only: never values).
 */
export function eventReportWritesCtes(params: { radius: number; hours: number; statuses: number }): string {
  const { radius, hours, statuses } = params;
  return `dups as (
       select o.n, coalesce((
         select jsonb_agg(jsonb_build_object('id', d.id, 'distance_m', d.distance_m, 'status', d.status, 'reported_at', d.reported_at)
                          order by d.distance_m, d.id)
           from (select e.id, round(m.distance_m::numeric, 1)::float8 as distance_m, e.status,
                        to_char(e.reported_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as reported_at
                   from event e
                   -- Metres on a local flat projection: within a few hundred metres it is within
                   -- 0.5% of the geodesic distance and many times cheaper than geography.
                   cross join lateral (select sqrt(((st_x(e.geom) - o.lon) * cos(radians(o.lat)) * 111320) ^ 2
                                                 + ((st_y(e.geom) - o.lat) * 110574) ^ 2) as distance_m) m
                  where e.category = o.category and e.status = any($${statuses}::text[])
                    and e.reported_at > o.reported_at - make_interval(secs => $${hours}::float8 * 3600)
                    and e.reported_at <= o.reported_at
                    and e.geom && st_expand(o.g, $${radius}::float8 / 110574.0 / greatest(cos(radians(o.lat)), 0.01))
                    and m.distance_m <= $${radius}::float8
                  order by m.distance_m, e.id
                  limit 5) d), '[]'::jsonb) as list
         from ok o),
     ins as (
       insert into event (region, id, category, severity, description, source, reporter, photo_ref, address, geom,
                          cell_id, grid_id, area_path, status, level, due_at, reported_at, updated_at, request_hash, likely_duplicates)
       select o.region, o.id, o.category, o.severity, o.description, o.source, o.reporter, o.photo_ref, o.address, o.g,
              o.cell_id, o.grid_id, o.area_path, o.status, o.level, o.due_at, o.reported_at, o.reported_at, o.request_hash, d.list
         from ok o join dups d using (n)
        order by o.n
       on conflict (id) do nothing
       returning region, id, status, level, due_at, reported_at),
     lock as (select pg_advisory_xact_lock(7346004) as locked),
     log as (
       insert into event_log (region, event_id, action, to_status, to_level, due_at, by, at)
       select ins.region, ins.id, 'report', ins.status, ins.level, ins.due_at, o.by, ins.reported_at
         from ins join ok o on o.id = ins.id cross join lock
        order by o.n
       returning seq, event_id),
     -- The audit entry commits with the event, in the same statement.
     audit as (
       insert into audit_log (actor, action, entity, entity_id, area_code, after)
       select coalesce(o.actor, o.by), 'event.report', 'event', ins.id, o.cell_code,
              jsonb_build_object('category', o.category, 'severity', o.severity, 'source', o.source, 'status', ins.status,
                                 'level', ins.level, 'due_at', ins.due_at, 'lon', o.lon, 'lat', o.lat)
         from ins join ok o on o.id = ins.id),
     media_link as (
       insert into event_media (region, event_id, media_id, sort)
       select ins.region, ins.id, m.id, m.ord - 1
         from ins join ok o on o.id = ins.id
        cross join lateral unnest(string_to_array(o.media, ',')) with ordinality as m(id, ord))`;
}
