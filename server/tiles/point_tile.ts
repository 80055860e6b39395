import type { Db } from '../db/db.ts';
import { encodeMvt } from './encode_mvt.ts';
import { EXTENT } from './tile_math.ts';

/** A point already in tile coordinates, with the properties to write. */
export interface PointRow {
  tx: number;
  ty: number;
  [property: string]: unknown;
}

/**
 * Encodes the rows of a point query (`rowsSql`, returning integer tile coordinates `tx`, `ty`
 * and the columns named in `properties`) as one MVT layer: with ST_AsMVT where the database has
 * it, in JS otherwise. The points were placed in SQL, so both paths write the same tile.
 */
export async function pointTile(db: Db, layer: string, rowsSql: string, params: unknown[], properties: string[]): Promise<Uint8Array> {
  if (db.capabilities.asMvt) {
    const columns = properties.map((p) => `r.${p}`).join(', ');
    const [row] = await db.query<{ mvt: Uint8Array | null }>(
      `select st_asmvt(q, $${params.length + 1}::text, ${EXTENT}, 'geom') as mvt
         from (select st_point(r.tx, r.ty) as geom${columns ? `, ${columns}` : ''} from (${rowsSql}) r) q`,
      [...params, layer],
    );
    return row?.mvt ? new Uint8Array(row.mvt) : new Uint8Array(0);
  }
  const rows = await db.query<PointRow>(rowsSql, params);
  return encodeMvt([
    {
      name: layer,
      features: rows.map((r) => ({
        type: 'point' as const,
        points: [[r.tx, r.ty]],
        properties: Object.fromEntries(properties.map((p) => [p, r[p]])),
      })),
    },
  ]);
}

/**
 * SQL for a point column's Web Mercator position in tile units, from longitude and latitude by
 * arithmetic (cheaper per point than ST_Transform, same result to well under a tile unit).
 * `$minx`, `$maxy` and `$scale` are the parameter numbers holding the tile's origin and scale.
 */
export function tileXY(geom: string, minx: number, maxy: number, scale: number): { px: string; py: string } {
  return {
    px: `((radians(st_x(${geom})) * 6378137 - $${minx}::float8) * $${scale}::float8)`,
    py: `(($${maxy}::float8 - ln(tan(pi() / 4 + radians(st_y(${geom})) / 2)) * 6378137) * $${scale}::float8)`,
  };
}
