import type { Queryable } from '../db.ts';

export interface AreaSearchResult {
  type: 'area';
  code: string;
  name: string;
  level: string;
  kind: string;
  /** [west, south, east, north] in degrees. */
  bbox: [number, number, number, number];
  center: [number, number];
}

export interface AddressSearchResult {
  type: 'address';
  address: string;
  center: [number, number];
  /** How many households share the address. */
  households: number;
  /** The cell the address is assigned to, or null for an orphan. */
  cell: { code: string; name: string; level: string } | null;
}

/** `%`, `_` and `\` in what a user typed match themselves, not any character. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Areas whose code starts with `q` or whose name contains it, best first (exact code, then code
 * prefix, then name prefix, then shorter names).
 */
export async function selectAreaSearchResults(db: Queryable, q: string, limit: number, scope: string[] | null = null): Promise<AreaSearchResult[]> {
  return db.query<AreaSearchResult>(
    `select 'area' as type, a.code, a.name, a.level, a.kind,
            json_build_array(st_xmin(b), st_ymin(b), st_xmax(b), st_ymax(b)) as bbox,
            json_build_array(st_x(c), st_y(c)) as center
       from area a,
            lateral (select a.geom::box2d as b, st_pointonsurface(a.geom) as c) g
      where (a.code like $2::text || '%' or a.name ilike '%' || $2::text || '%')
        and ($4::text[] is null or string_to_array(a.path, '/') && $4::text[])
      order by (a.code = $1::text) desc, (a.code like $2::text || '%') desc, (a.name ilike $2::text || '%') desc,
               a.depth, length(a.name), a.code
      limit $3::int`,
    [q, likeEscape(q), limit, scope],
  );
}

/**
 * Addresses of households containing `q`, one row per address: where it is and its cell. Never a
 * household's people or personal fields: a search box is open to every map user.
 */
export async function selectAddressSearchResults(db: Queryable, q: string, limit: number, scope: string[] | null = null): Promise<AddressSearchResult[]> {
  return db.query<AddressSearchResult>(
    `select 'address' as type, h.address, json_build_array(st_x(h.geom), st_y(h.geom)) as center,
            h.households,
            case when c.id is null then null else json_build_object('code', c.code, 'name', c.name, 'level', c.level) end as cell
       from (select h.address, min(h.cell_id) as cell_id, st_centroid(st_collect(h.geom)) as geom, count(*)::int as households
               from household h
               left join area a on a.id = h.cell_id
              where h.address ilike '%' || $1::text || '%'
                and ($3::text[] is null or string_to_array(a.path, '/') && $3::text[])
              group by h.address
              order by (h.address ilike $1::text || '%') desc, length(h.address), h.address
              limit $2::int) h
       left join area c on c.id = h.cell_id
      order by (h.address ilike $1::text || '%') desc, length(h.address), h.address`,
    [likeEscape(q), limit, scope],
  );
}
