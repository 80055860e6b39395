import type { Queryable } from '../db.ts';

/** Puts logged geometries back (undoing a fix). Returns how many areas were written. */
export async function restoreAreaWkb(db: Queryable, rows: { code: string; wkb: string }[]): Promise<number> {
  const written = await db.query(
    `update area a set geom = st_geomfromewkb(decode(r.wkb, 'hex')), updated_at = now()
       from jsonb_to_recordset($1::jsonb) as r(code text, wkb text)
      where a.code = r.code
     returning 1`,
    [JSON.stringify(rows)],
  );
  return written.length;
}
