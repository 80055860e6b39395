import type { Queryable } from '../db.ts';

export interface OrphanPointRow {
  source: 'household' | 'facility';
  id: string;
  lon: number;
  lat: number;
}

/** Households and facilities of a region that the assignment found in no cell (assignment 'orphan'). */
export async function selectOrphanPoints(db: Queryable, region: string): Promise<OrphanPointRow[]> {
  return db.query<OrphanPointRow>(
    `select 'household' as source, id, st_x(geom) as lon, st_y(geom) as lat
       from household where region = $1::text and assignment = 'orphan'
     union all
     select 'facility', id, st_x(geom), st_y(geom)
       from facility where region = $1::text and assignment = 'orphan'
     order by 1, 2`,
    [region],
  );
}
