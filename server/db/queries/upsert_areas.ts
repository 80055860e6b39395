import type { Queryable } from '../db.ts';
import type { ResolvedArea } from '../../domain/resolve_area_tree.ts';

/**
 * Writes resolved areas, parents before children (one statement per depth, so each child finds
 * its parent's id), inserting new codes and replacing stored ones. Polygons become MultiPolygons
 * in SRID 4326. Returns how many rows were written.
 */
export async function upsertAreas(db: Queryable, areas: ResolvedArea[]): Promise<number> {
  const depths = [...new Set(areas.map((a) => a.depth))].sort((a, b) => a - b);
  let written = 0;
  for (const depth of depths) {
    const rows = areas
      .filter((a) => a.depth === depth)
      .map((a) => ({
        region: a.region, code: a.code, parent_code: a.parentCode, path: a.path, depth: a.depth,
        level: a.level, kind: a.kind, name: a.name, attrs: a.attrs, geom: a.geometry,
      }));
    const result = await db.query<{ n: number }>(
      `with written as (
         insert into area (region, code, parent_id, path, depth, level, kind, name, attrs, geom)
         select r.region, r.code, p.id, r.path, r.depth, r.level, r.kind, r.name, r.attrs,
                st_multi(st_force2d(st_setsrid(st_geomfromgeojson(r.geom::text), 4326)))
           from jsonb_to_recordset($1::jsonb) as r(region text, code text, parent_code text, path text,
                depth int, level text, kind text, name text, attrs jsonb, geom jsonb)
           left join area p on p.code = r.parent_code
         on conflict (code) do update set
           region = excluded.region, parent_id = excluded.parent_id, path = excluded.path,
           depth = excluded.depth, level = excluded.level, kind = excluded.kind, name = excluded.name,
           attrs = excluded.attrs, geom = excluded.geom, updated_at = now()
         returning 1)
       select count(*)::int as n from written`,
      [JSON.stringify(rows)],
    );
    written += result[0].n;
  }
  return written;
}
