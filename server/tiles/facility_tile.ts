import type { Db } from '../db/db.ts';
import { pointTile, tileXY } from './point_tile.ts';
import { tileBox } from './tile_box.ts';
import type { Tile } from './tile_math.ts';

/** Facilities (场所) in tile z/x/y as points with `id`, `name` and `category`. */
export async function facilityTile(db: Db, tile: Tile): Promise<Uint8Array> {
  const box = tileBox(tile);
  const { px, py } = tileXY('f.geom', 5, 6, 7);
  return pointTile(
    db,
    'facilities',
    `select round(${px})::int as tx, round(${py})::int as ty, f.id, f.name, f.category
       from facility f
      where f.geom && st_makeenvelope($1::float8, $2::float8, $3::float8, $4::float8, 4326)
      order by f.category, f.id`,
    [...box.lonLat, box.mercator[0], box.mercator[3], box.scale],
    ['id', 'name', 'category'],
  );
}
