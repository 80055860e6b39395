import type { Queryable } from '../db.ts';

export interface StoredPoint {
  region: string;
  id: string;
  lon: number;
  lat: number;
  cell_id: number | null;
  cell_code: string | null;
  assignment: string;
}

/**
 * Households or facilities to (re)assign: the pending ones, or every one inside `bbox`
 * ([west, south, east, north]), with the cell they hold now.
 */
export async function selectPointsForAssignment(db: Queryable, table: 'household' | 'facility', where: { pending: true } | { bbox: [number, number, number, number] }): Promise<StoredPoint[]> {
  const bbox = 'bbox' in where ? where.bbox : [null, null, null, null];
  // The table name is one of two literals, never user input.
  return db.query<StoredPoint>(
    `select p.region, p.id, st_x(p.geom) as lon, st_y(p.geom) as lat, p.cell_id, a.code as cell_code, p.assignment
       from ${table} p left join area a on a.id = p.cell_id
      where case when $1::bool then p.assignment = 'pending'
                 else p.geom && st_makeenvelope($2::float8, $3::float8, $4::float8, $5::float8, 4326) end`,
    ['pending' in where, ...bbox],
  );
}
