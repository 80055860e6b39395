import type { MultiPolygon } from 'geojson';
import type { Queryable } from '../db.ts';

export interface CellRow {
  id: number;
  code: string;
  name: string;
  level: string;
  depth: number;
  parent_id: number | null;
  geometry: MultiPolygon;
}

/**
 * Every area (or those whose box meets `bbox`, [west, south, east, north]) with its shape, for
 * the assignment engine. Shapes travel as GeoJSON text at full precision: the engine must see
 * the vertices PostGIS holds, or points on an edge would land on the wrong side.
 */
export async function selectCells(db: Queryable, bbox?: [number, number, number, number] | null): Promise<CellRow[]> {
  const rows = await db.query<Omit<CellRow, 'geometry'> & { geojson: string }>(
    `select id, code, name, level, depth, parent_id, st_asgeojson(geom, 17) as geojson
       from area
      where $1::float8 is null or geom && st_makeenvelope($1::float8, $2::float8, $3::float8, $4::float8, 4326)`,
    bbox ? [...bbox] : [null, null, null, null],
  );
  return rows.map(({ geojson, ...r }) => ({ ...r, geometry: JSON.parse(geojson) }));
}
