import type { Queryable } from '../db.ts';

export interface EventHeatSqlFilter {
  cellM: number;
  /** Mercator metres [minX, minY, maxX, maxY]. */
  bbox?: [number, number, number, number];
  from?: string;
  to?: string;
  category?: string[];
  status?: string[];
  level?: string[];
  areaPath?: string;
  /** Roots of the subtrees the caller may see (null or absent: everywhere). */
  scope?: string[] | null;
}

/**
 * The same square bins as the in-memory heat index, computed in SQL with the same arithmetic
 * (Web Mercator by formula, floor(x / size)): the baseline the index is measured against, and a
 * cross-check in the tests.
 */
export async function selectEventHeatSql(db: Queryable, f: EventHeatSqlFilter): Promise<{ ix: number; iy: number; count: number }[]> {
  return db.query<{ ix: number; iy: number; count: number }>(
    `select ix::int as ix, iy::int as iy, count(*)::int as count
       from (select floor(st_x(geom) * pi() * 6378137 / 180 / $1::float8) as ix,
                    floor(ln(tan(pi() / 4 + st_y(geom) * pi() / 360)) * 6378137 / $1::float8) as iy,
                    st_x(geom) * pi() * 6378137 / 180 as x, ln(tan(pi() / 4 + st_y(geom) * pi() / 360)) * 6378137 as y
               from event
              where ($3::timestamptz is null or reported_at >= $3::timestamptz)
                and ($4::timestamptz is null or reported_at < $4::timestamptz)
                and ($5::text[] is null or category = any($5::text[]))
                and ($6::text[] is null or status = any($6::text[]))
                and ($7::text[] is null or level = any($7::text[]))
                and ($8::text is null or area_path = $8::text or starts_with(area_path, $8::text || '/'))
                and ($9::text[] is null or string_to_array(area_path, '/') && $9::text[])) p
      where ($2::float8[] is null or (x between $2[1] and $2[3] and y between $2[2] and $2[4]))
      group by ix, iy
      order by ix, iy`,
    [f.cellM, f.bbox ?? null, f.from ?? null, f.to ?? null, f.category ?? null, f.status ?? null, f.level ?? null, f.areaPath ?? null, f.scope ?? null],
  );
}
