import KDBush from 'kdbush';
import type { TileCache } from './tile_cache.ts';
import { BUFFER, EXTENT, MAX_ZOOM, forEachTileNear, lonLatToMercator, tileMercatorBounds, type Tile } from './tile_math.ts';

/** Up to this many points, the touched tiles are listed one by one; beyond, the cached tiles are tested against an index of the points. */
const LISTED_POINTS = 256;

/**
 * The tiles, at every zoom, whose buffered box holds any of some written points (longitude,
 * latitude): those a point layer's tile may draw them in. A few points (event reports, a small
 * import) are turned into the list of their tile keys, one to four a zoom, and those keys are
 * removed from the cache directly, at no cost per cached tile; many points (a large import) are
 * put in a KDBush and each cached tile of the layer asks it whether a point lies in its box.
 */
export class TouchedTiles {
  private readonly keys: Set<string> | null = null;
  private readonly index: KDBush | null = null;

  constructor(positions: readonly (readonly [number, number])[]) {
    if (positions.length <= LISTED_POINTS) {
      const keys = new Set<string>();
      for (const [lon, lat] of positions) {
        for (let z = 0; z <= MAX_ZOOM; z++) forEachTileNear(lon, lat, z, (x, y) => keys.add(`${z}/${x}/${y}`));
      }
      this.keys = keys;
    } else {
      const index = new KDBush(positions.length);
      for (const [lon, lat] of positions) index.add(...lonLatToMercator(lon, lat));
      this.index = index.finish();
    }
  }

  /** Whether a written point lies in the tile's buffered box. */
  has(tile: Tile): boolean {
    if (this.keys) return this.keys.has(`${tile.z}/${tile.x}/${tile.y}`);
    const [minx, miny, maxx, maxy] = tileMercatorBounds(tile);
    const pad = ((maxx - minx) * BUFFER) / EXTENT;
    return this.index!.range(minx - pad, miny - pad, maxx + pad, maxy + pad).length > 0;
  }

  /** Drops the touched tiles of `layer` from `cache`; returns their keys. */
  dropFrom(cache: TileCache, layer: string): string[] {
    if (!this.keys) return cache.dropWhere(layer, (e) => this.has(e.tile));
    const dropped: string[] = [];
    for (const k of this.keys) {
      const key = `${layer}/${k}`;
      if (cache.remove(key)) dropped.push(key);
    }
    return dropped;
  }
}
