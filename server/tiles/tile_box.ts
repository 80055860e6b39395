import { BUFFER, EXTENT, tileLonLatBounds, tileMercatorBounds, type Bbox, type Tile } from './tile_math.ts';

/** What a tiler's SQL needs to know about a tile, computed once in JS and passed as parameters. */
export interface TileBox {
  tile: Tile;
  /** The tile in Web Mercator metres, [minx, miny, maxx, maxy]. */
  mercator: Bbox;
  /** The tile widened by the buffer, in Web Mercator metres: the clip box. */
  clip: Bbox;
  /** The tile widened by the buffer, in degrees: the index search box. */
  lonLat: Bbox;
  /** The tile without buffer, in degrees: where aggregated points are counted (each exactly once). */
  lonLatExact: Bbox;
  /** Tile units per metre. */
  scale: number;
  /** Metres per tile unit: the simplification tolerance. */
  unit: number;
}

/**
 * The boxes and scale for tile z/x/y.
 * Example: tileBox({ z: 0, x: 0, y: 0 }).scale → 4096 / 40075016.68… ≈ 0.0001022.
 */
export function tileBox(tile: Tile): TileBox {
  const mercator = tileMercatorBounds(tile);
  const size = mercator[2] - mercator[0];
  const pad = (size * BUFFER) / EXTENT;
  return {
    tile,
    mercator,
    clip: [mercator[0] - pad, mercator[1] - pad, mercator[2] + pad, mercator[3] + pad],
    lonLat: tileLonLatBounds(tile),
    lonLatExact: tileLonLatBounds(tile, 0),
    scale: EXTENT / size,
    unit: size / EXTENT,
  };
}
