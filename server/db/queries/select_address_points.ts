import type { Queryable } from '../db.ts';

export interface AddressPointRow {
  id: string;
  address: string;
  norm: string;
  lon: number;
  lat: number;
}

/** Every standard address of one tree, with the key it is matched by. */
export async function selectAddressPoints(db: Queryable, region: string): Promise<AddressPointRow[]> {
  return db.query<AddressPointRow>(`select id, address, norm, st_x(geom) as lon, st_y(geom) as lat from address_point where region = $1::text order by id`, [region]);
}
