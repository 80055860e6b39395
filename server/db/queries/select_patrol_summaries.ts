import type { Queryable } from '../db.ts';
import type { PatrolSummaryRow } from './patrol_row.ts';

export interface PatrolFilter {
  /** The caller: their own patrols are always theirs to see. */
  ownerId: number;
  /** Others' patrols held in these subtrees are visible too; null: everywhere; []: none. */
  scope: readonly string[] | null;
  /** Only these patrols (by id). */
  ids?: readonly string[];
  /** Only patrols held in this area's subtree. */
  area?: string;
  /** Only patrols running at some time in [from, to). */
  from?: string;
  to?: string;
  limit: number;
}

/**
 * Patrols the caller may see, newest first, each with its track (kept points only), length on the
 * ellipsoid, duration and the units it passed through.
 */
export async function selectPatrolSummaries(db: Queryable, f: PatrolFilter): Promise<PatrolSummaryRow[]> {
  const rows = await db.query<PatrolSummaryRow>(
    `with p as (
       select p.* from patrol p
        where (p.owner_id = $1::int or $2::boolean or string_to_array(p.area_path, '/') && $3::text[])
          and ($4::text[] is null or p.id = any($4::text[]))
          and ($5::text is null or $5::text = any(string_to_array(p.area_path, '/')))
          and ($6::timestamptz is null or coalesce(p.stopped_at, 'infinity') >= $6::timestamptz)
          and ($7::timestamptz is null or p.started_at < $7::timestamptz)
        order by p.started_at desc, p.id limit $8::int)
     select p.id, p.owner_id, u.username, p.area_code, p.area_path,
            to_char(p.started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as started_at,
            to_char(p.stopped_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as stopped_at,
            pts.point_count, pts.kept_count,
            coalesce(st_length(pts.line::geography), 0)::float8 as distance_m,
            greatest(0, extract(epoch from coalesce(p.stopped_at, pts.last_t, p.started_at) - p.started_at))::float8 as duration_s,
            coalesce(units.codes, '{}') as units,
            case when pts.kept_count >= 2 then st_asgeojson(pts.line, 6) end as track
       from p
       join app_user u on u.id = p.owner_id
       cross join lateral (
         select count(*)::int as point_count, count(*) filter (where kept)::int as kept_count, max(t) as last_t,
                st_makeline(geom order by t) filter (where kept) as line,
                st_collect(geom) filter (where kept) as kept_points
           from patrol_point where patrol_id = p.id) pts
       left join lateral (
         select array_agg(a.code order by a.code) as codes from area a
          where a.level = 'unit' and pts.kept_points is not null
            and st_intersects(a.geom, coalesce(case when pts.kept_count >= 2 then pts.line end, pts.kept_points))) units on true
      order by p.started_at desc, p.id`,
    [f.ownerId, f.scope === null, f.scope ?? [], f.ids ?? null, f.area ?? null, f.from ?? null, f.to ?? null, f.limit],
  );
  return rows.map((r) => ({ ...r, distance_m: Number(r.distance_m), duration_s: Number(r.duration_s) }));
}
