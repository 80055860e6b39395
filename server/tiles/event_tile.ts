import type { Db } from '../db/db.ts';
import { pointTile, tileXY } from './point_tile.ts';
import { tileBox } from './tile_box.ts';
import type { Tile } from './tile_math.ts';

/**
 * Events (事件) in tile z/x/y as points with id, category, severity, status, level and
 * `overdue`; an empty tile where the events register is not installed. The reporter, description
 * and address are left out: the layer is public to every map user.
 */
export async function eventTile(db: Db, tile: Tile): Promise<Uint8Array> {
  const [{ present }] = await db.query<{ present: boolean }>(`select to_regclass('event') is not null as present`);
  if (!present) return new Uint8Array(0);
  const box = tileBox(tile);
  const { px, py } = tileXY('e.geom', 5, 6, 7);
  return pointTile(
    db,
    'events',
    `select round(${px})::int as tx, round(${py})::int as ty, e.id, e.category, e.severity, e.status, e.level,
            (e.due_at is not null and e.due_at < now() and e.closed_at is null) as overdue
       from event e
      where e.geom && st_makeenvelope($1::float8, $2::float8, $3::float8, $4::float8, 4326)
      order by e.reported_at desc
      limit 20000`,
    [...box.lonLat, box.mercator[0], box.mercator[3], box.scale],
    ['id', 'category', 'severity', 'status', 'level', 'overdue'],
  );
}
