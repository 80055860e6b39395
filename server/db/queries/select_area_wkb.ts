import type { Queryable } from '../db.ts';

export interface AreaWkbRow {
  id: number;
  code: string;
  /** The geometry as hex EWKB: restoring it gives back the very same coordinates. */
  wkb: string;
  /** [west, south, east, north] */
  bbox: [number, number, number, number];
}

/** The stored geometries of these areas, exactly, for a fix's before/after log. */
export async function selectAreaWkb(db: Queryable, codes: string[]): Promise<AreaWkbRow[]> {
  return db.query<AreaWkbRow>(
    `select id, code, encode(st_asewkb(geom), 'hex') as wkb,
            array[st_xmin(geom), st_ymin(geom), st_xmax(geom), st_ymax(geom)]::float8[] as bbox
       from area where code = any($1::text[]) order by code`,
    [codes],
  );
}
