import type { Queryable } from '../db.ts';

/** Cuts a piece (an overlap) out of each of these areas: ST_Difference snap-rounded to 1e-9° (see findCoverageGaps), kept a valid MultiPolygon. */
export async function subtractPieceFromAreas(db: Queryable, codes: string[], piece: unknown): Promise<void> {
  await db.query(
    `update area set geom = st_multi(st_collectionextract(st_makevalid(
              st_difference(case when st_isvalid(geom) then geom else st_collectionextract(st_makevalid(geom), 3) end,
                            st_setsrid(st_geomfromgeojson($2::text), 4326), 1e-9)), 3)),
            updated_at = now()
      where code = any($1::text[])`,
    [codes, JSON.stringify(piece)],
  );
}
