import type { Queryable } from '../db.ts';
import { iso } from './event_row.ts';

export interface ReportSurroundings {
  /** Metres from the point to its grid's boundary. */
  edge_m: number;
  /** The nearest household's address within `addressRadiusM`, its distance and its cell's name. */
  address: string | null;
  address_m: number | null;
  /** Open events of the category near the point (paths for the caller's scope filter). */
  nearby: { id: string; category: string; description: string; status: string; distance_m: number; reported_at: string; area_path: string; photo_ref: string | null }[];
}

/**
 * What lies around a point about to be reported in grid `gridId`: how far the grid's edge is, the
 * nearest known address, and open events of the same category within the radius and hours (the
 * duplicates the report would be flagged with). Distances on the spheroid (geography).
 */
export async function selectReportSurroundings(
  db: Queryable,
  p: { gridId: number; lon: number; lat: number; category: string | null; radiusM: number; hours: number; openStatuses: readonly string[]; addressRadiusM: number },
): Promise<ReportSurroundings> {
  const [row] = await db.query<ReportSurroundings>(
    `with pt as (select st_setsrid(st_point($2::float8, $3::float8), 4326) as g)
     select
       (select st_distance(st_boundary(a.geom)::geography, pt.g::geography) from area a where a.id = $1::int) as edge_m,
       h.address, h.address_m,
       coalesce((
         select jsonb_agg(jsonb_build_object('id', e.id, 'category', e.category, 'description', e.description, 'status', e.status,
                                             'distance_m', round(e.distance_m::numeric, 1)::float8, 'reported_at', e.reported_at,
                                             'area_path', e.area_path, 'photo_ref', e.photo_ref) order by e.distance_m, e.id)
           from (select e.id, e.category, e.description, e.status, e.area_path, e.photo_ref, ${iso('e.reported_at')} as reported_at,
                        st_distance(e.geom::geography, pt.g::geography) as distance_m
                   from event e
                  where ($4::text is null or e.category = $4::text) and e.status = any($7::text[])
                    and e.reported_at > now() - make_interval(secs => $6::float8 * 3600)
                    and st_dwithin(e.geom::geography, pt.g::geography, $5::float8)
                  order by e.geom <-> pt.g
                  limit 10) e), '[]'::jsonb) as nearby
       from pt
       left join lateral (
         select x.address, round(st_distance(x.geom::geography, pt.g::geography)::numeric, 1)::float8 as address_m
           from household x
          where x.address is not null and x.address <> ''
            and st_dwithin(x.geom::geography, pt.g::geography, $8::float8)
          order by x.geom <-> pt.g
          limit 1) h on true`,
    [p.gridId, p.lon, p.lat, p.category, p.radiusM, p.hours, p.openStatuses, p.addressRadiusM],
  );
  return row;
}
