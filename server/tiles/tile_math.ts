/**
 * Web Mercator tile arithmetic (EPSG:3857, XYZ scheme with y counted down from the north), shared
 * by the tilers, the cache's invalidation and the benchmark. Pure: no I/O.
 */

/** Half the side of the Web Mercator square, in metres. */
export const MERCATOR_HALF = 20037508.342789244;
/** Tile coordinates per side, as ST_AsMVT's default. */
export const EXTENT = 4096;
/** Coordinates kept beyond each edge, in tile units, so that strokes join across tiles. */
export const BUFFER = 64;
/** The deepest zoom served. */
export const MAX_ZOOM = 22;

export type Bbox = [west: number, south: number, east: number, north: number];

export interface Tile {
  z: number;
  x: number;
  y: number;
}

/**
 * The tile's box in Web Mercator metres, [minx, miny, maxx, maxy], as ST_TileEnvelope gives it.
 * Example: tileMercatorBounds({ z: 0, x: 0, y: 0 }) → [-20037508.34…, -20037508.34…, 20037508.34…, 20037508.34…].
 */
export function tileMercatorBounds({ z, x, y }: Tile): Bbox {
  const size = (2 * MERCATOR_HALF) / 2 ** z;
  const minx = -MERCATOR_HALF + x * size;
  const maxy = MERCATOR_HALF - y * size;
  return [minx, maxy - size, minx + size, maxy];
}

/** Longitude and latitude in degrees to Web Mercator metres. */
export function lonLatToMercator(lon: number, lat: number): [number, number] {
  const clamped = Math.max(-85.0511287798, Math.min(85.0511287798, lat));
  return [(lon * MERCATOR_HALF) / 180, (Math.log(Math.tan(((90 + clamped) * Math.PI) / 360)) * MERCATOR_HALF) / Math.PI];
}

/** Web Mercator metres to longitude and latitude in degrees. */
export function mercatorToLonLat(x: number, y: number): [number, number] {
  return [(x / MERCATOR_HALF) * 180, (360 / Math.PI) * Math.atan(Math.exp((y / MERCATOR_HALF) * Math.PI)) - 90];
}

/**
 * The tile's box in degrees, widened by `buffer` tile units on every side (the margin the tilers
 * keep), so that a change anywhere the tile draws is seen to touch it.
 * Example: tileLonLatBounds({ z: 1, x: 1, y: 0 }, 0) → [0, 0, 180, 85.05…].
 */
export function tileLonLatBounds(tile: Tile, buffer = BUFFER): Bbox {
  const [minx, miny, maxx, maxy] = tileMercatorBounds(tile);
  const pad = ((maxx - minx) * buffer) / EXTENT;
  const [w, s] = mercatorToLonLat(minx - pad, miny - pad);
  const [e, n] = mercatorToLonLat(maxx + pad, maxy + pad);
  return [w, s, e, n];
}

/** Whether two boxes share any point (edges touching count). */
export function bboxesIntersect(a: Bbox, b: Bbox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/**
 * Every tile at zoom `z` that covers any part of `bbox` (degrees), in row order.
 * Example: tilesCovering([120, 29, 120.1, 29.1], 10) → [{ z: 10, x: 853, y: 425 }].
 */
export function tilesCovering(bbox: Bbox, z: number): Tile[] {
  const n = 2 ** z;
  const toX = (lon: number) => Math.min(n - 1, Math.max(0, Math.floor(((lon + 180) / 360) * n)));
  const toY = (lat: number) => {
    const [, my] = lonLatToMercator(0, lat);
    return Math.min(n - 1, Math.max(0, Math.floor(((MERCATOR_HALF - my) / (2 * MERCATOR_HALF)) * n)));
  };
  const tiles: Tile[] = [];
  for (let y = toY(bbox[3]); y <= toY(bbox[1]); y++) for (let x = toX(bbox[0]); x <= toX(bbox[2]); x++) tiles.push({ z, x, y });
  return tiles;
}

/** Whether z/x/y names a tile that exists. */
export function isValidTile({ z, x, y }: Tile): boolean {
  const n = 2 ** z;
  return Number.isInteger(z) && Number.isInteger(x) && Number.isInteger(y) && z >= 0 && z <= MAX_ZOOM && x >= 0 && x < n && y >= 0 && y < n;
}

/**
 * Calls `visit(x, y)` for every tile at zoom `z` whose box, widened by `buffer` tile units, holds
 * the point (lon, lat): the tile it lies in, and its neighbours when it lies within their buffer
 * (one to four tiles). Exact where the tilers search their buffered box for points.
 * Example: near the corner of four z14 tiles, all four are visited.
 */
export function forEachTileNear(lon: number, lat: number, z: number, visit: (x: number, y: number) => void, buffer = BUFFER): void {
  const n = 2 ** z;
  const [mx, my] = lonLatToMercator(lon, lat);
  const fx = ((mx + MERCATOR_HALF) / (2 * MERCATOR_HALF)) * n;
  const fy = ((MERCATOR_HALF - my) / (2 * MERCATOR_HALF)) * n;
  // A hair over the buffer: a point exactly on the widened edge is in the tile's search box too.
  const pad = buffer / EXTENT + 1e-9;
  const x0 = Math.max(0, Math.floor(fx - pad));
  const x1 = Math.min(n - 1, Math.floor(fx + pad));
  const y0 = Math.max(0, Math.floor(fy - pad));
  const y1 = Math.min(n - 1, Math.floor(fy + pad));
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) visit(x, y);
}
