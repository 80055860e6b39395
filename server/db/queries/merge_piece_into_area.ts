import type { Queryable } from '../db.ts';

/** Adds a piece (a gap) to an area's geometry: ST_Union snap-rounded to 1e-9° (see findCoverageGaps), kept a valid MultiPolygon. */
export async function mergePieceIntoArea(db: Queryable, code: string, piece: unknown): Promise<void> {
  await db.query(
    `update area set geom = st_multi(st_collectionextract(st_makevalid(
              st_union(geom, st_setsrid(st_geomfromgeojson($2::text), 4326), 1e-9)), 3)),
            updated_at = now()
      where code = $1::text`,
    [code, JSON.stringify(piece)],
  );
}
