import type { Db } from '../db/db.ts';
import { encodeMvt, type TileFeature } from './encode_mvt.ts';
import { tilePolygons } from './tile_geometry.ts';
import { tileBox, type TileBox } from './tile_box.ts';
import type { AreaLabelIndex } from './area_label_index.ts';
import { BUFFER, EXTENT, type Tile } from './tile_math.ts';

/**
 * The areas of one level in tile z/x/y, as an MVT layer named `layer`. Each feature's id is the
 * area's numeric id (so the map can attach feature-state such as sizing status) and its
 * properties are code, name, level, kind, parent_code and `dedicated` (专属网格). Counts are not
 * in the tile: they change with the registers, not with the shapes, and a tile must change only
 * when an area edit touches it (see tile_cache.ts).
 *
 * On a PostGIS server this is one ST_AsMVT query; where ST_AsMVT is missing (PGlite's PostGIS is
 * built without protobuf, and its ST_AsMVTGeom fails too) the SQL does the geometry work
 * (transform, simplify to the tile's resolution, clip to the buffered tile, scale to the 4096
 * grid) and encode_mvt.ts writes the protobuf.
 */
export async function areaTile(db: Db, level: string, layer: string, tile: Tile, labels: AreaLabelIndex): Promise<Uint8Array> {
  const box = tileBox(tile);
  const [shapes, points] = await Promise.all([
    db.capabilities.asMvt ? areaTileMvt(db, level, layer, box) : areaTileJs(db, level, layer, box),
    // One label point per area in `<layer>_label`, written only by the tile that holds the point:
    // the map then labels an area once, not once per tile it spans.
    labels.tile(level, `${layer}_label`, tile),
  ]);
  // An MVT is a sequence of layers: two encoded tiles laid end to end are one tile with both.
  const out = new Uint8Array(shapes.byteLength + points.byteLength);
  out.set(shapes, 0);
  out.set(points, shapes.byteLength);
  return out;
}

const PROPERTIES = `a.code, a.name, a.level, a.kind, p.code as parent_code,
                    a.kind not in ('base', 'village') as dedicated`;

async function areaTileMvt(db: Db, level: string, layer: string, box: TileBox): Promise<Uint8Array> {
  const [row] = await db.query<{ mvt: Uint8Array | null }>(
    `select st_asmvt(t, $10::text, ${EXTENT}, 'geom', 'id') as mvt
       from (select a.id, ${PROPERTIES},
                    st_asmvtgeom(st_transform(a.geom, 3857),
                                 st_makeenvelope($6::float8, $7::float8, $8::float8, $9::float8, 3857),
                                 ${EXTENT}, ${BUFFER}, true) as geom
               from area a
               left join area p on p.id = a.parent_id
              where a.level = $1::text
                and a.geom && st_makeenvelope($2::float8, $3::float8, $4::float8, $5::float8, 4326)) t
      where t.geom is not null`,
    [level, ...box.lonLat, ...box.mercator, layer],
  );
  return row?.mvt ? new Uint8Array(row.mvt) : new Uint8Array(0);
}

interface AreaTileRow {
  id: number;
  code: string;
  name: string;
  level: string;
  kind: string;
  parent_code: string | null;
  dedicated: boolean;
  g: string | null;
}

async function areaTileJs(db: Db, level: string, layer: string, box: TileBox): Promise<Uint8Array> {
  const [minx, , , maxy] = box.mercator;
  // Simplify to half a tile unit before clipping: finer detail than that is lost in quantising.
  const rows = await db.query<AreaTileRow>(
    `select a.id, ${PROPERTIES},
            st_asgeojson(st_snaptogrid(st_affine(
              st_clipbybox2d(st_simplify(st_transform(a.geom, 3857), $10::float8),
                             st_makeenvelope($6::float8, $7::float8, $8::float8, $9::float8, 3857)::box2d),
              $11::float8, 0, 0, -$11::float8, -$12::float8 * $11::float8, $13::float8 * $11::float8), 1), 0) as g
       from area a
       left join area p on p.id = a.parent_id
      where a.level = $1::text
        and a.geom && st_makeenvelope($2::float8, $3::float8, $4::float8, $5::float8, 4326)`,
    [level, ...box.lonLat, ...box.clip, box.unit / 2, box.scale, minx, maxy],
  );
  const features: TileFeature[] = rows.map((r) => ({
    id: r.id,
    type: 'polygon',
    polygons: tilePolygons(r.g ? (JSON.parse(r.g) as GeoJSON.Geometry) : null),
    properties: { code: r.code, name: r.name, level: r.level, kind: r.kind, parent_code: r.parent_code, dedicated: r.dedicated },
  }));
  return encodeMvt([{ name: layer, features }]);
}
