/**
 * The `dups` CTE shared by the two event inserts: for each row of `ok` (with n, category, lon, lat,
 * g, reported_at), up to five open events of the same category reported within the window and the
 * radius before it, nearest first. Takes the numbers of the statement's parameters that hold the
 * radius in metres, the window in hours and the open statuses (text only: never values).
 */
export function likelyDuplicatesCte(params: { radius: number; hours: number; statuses: number }): string {
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
         from ok o),`;
}
