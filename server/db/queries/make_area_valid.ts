import type { Queryable } from '../db.ts';

/** Rebuilds an invalid geometry as a valid MultiPolygon (ST_MakeValid, polygons kept). */
export async function makeAreaValid(db: Queryable, code: string): Promise<void> {
  await db.query(
    `update area set geom = st_multi(st_collectionextract(st_makevalid(geom), 3)), updated_at = now()
      where code = $1::text`,
    [code],
  );
}
