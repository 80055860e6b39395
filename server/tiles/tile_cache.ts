import { createHash } from 'node:crypto';
import { bboxesIntersect, tileLonLatBounds, type Bbox, type Tile } from './tile_math.ts';

export interface CachedTile {
  layer: string;
  tile: Tile;
  body: Uint8Array;
  /** A strong ETag: the body's hash, so an unchanged tile revalidates as 304 even after a rebuild. */
  etag: string;
  /** The tile's buffered box in degrees: what an edit must touch to change it. */
  bbox: Bbox;
  /** Epoch ms after which it is stale; Infinity for tiles dropped only by edits. */
  expires: number;
}

/**
 * Encoded tiles in memory, least recently used dropped first once `maxBytes` is reached. Tiles
 * live until an edit touches them: drop(bbox) drops exactly the tiles whose buffered box meets
 * an area edit's box, remove(key) the tiles a written point lies in (tile_service.ts); a tile
 * whose content also changes with time (an event falling overdue) carries a time to live.
 */
export class TileCache {
  private entries = new Map<string, CachedTile>();
  private bytes = 0;

  constructor(
    private readonly maxBytes = 64 * 1024 * 1024,
    private readonly now: () => number = Date.now,
  ) {}

  static key(layer: string, { z, x, y }: Tile): string {
    return `${layer}/${z}/${x}/${y}`;
  }

  get(layer: string, tile: Tile): CachedTile | undefined {
    const key = TileCache.key(layer, tile);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.delete(key, entry);
      return undefined;
    }
    // Re-insert: Map order is the recency order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /** A cache entry for `body`, not stored. */
  entry(layer: string, tile: Tile, body: Uint8Array, ttlMs = Infinity): CachedTile {
    return {
      layer,
      tile,
      body,
      etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`,
      bbox: tileLonLatBounds(tile),
      expires: this.now() + ttlMs,
    };
  }

  set(layer: string, tile: Tile, body: Uint8Array, ttlMs = Infinity): CachedTile {
    const key = TileCache.key(layer, tile);
    const old = this.entries.get(key);
    if (old) this.delete(key, old);
    const entry = this.entry(layer, tile, body, ttlMs);
    this.entries.set(key, entry);
    this.bytes += body.byteLength;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(k, e);
    }
    return entry;
  }

  /**
   * Drops the tiles of `layers` whose buffered box meets `bbox` (every tile of them when bbox is
   * null) and returns their keys.
   */
  drop(bbox: Bbox | null, layers: Pick<ReadonlySet<string>, 'has'>): string[] {
    const dropped: string[] = [];
    for (const [key, entry] of this.entries) {
      if (!layers.has(entry.layer)) continue;
      if (bbox && !bboxesIntersect(bbox, entry.bbox)) continue;
      this.delete(key, entry);
      dropped.push(key);
    }
    return dropped;
  }

  /** Drops the tile under `key` (TileCache.key); whether it was there. */
  remove(key: string): boolean {
    const entry = this.entries.get(key);
    if (entry) this.delete(key, entry);
    return entry !== undefined;
  }

  /** Drops the tiles of `layer` that `match` accepts and returns their keys. */
  dropWhere(layer: string, match: (entry: CachedTile) => boolean): string[] {
    const dropped: string[] = [];
    for (const [key, entry] of this.entries) {
      if (entry.layer !== layer || !match(entry)) continue;
      this.delete(key, entry);
      dropped.push(key);
    }
    return dropped;
  }

  get size(): number {
    return this.entries.size;
  }

  get byteSize(): number {
    return this.bytes;
  }

  private delete(key: string, entry: CachedTile): void {
    this.entries.delete(key);
    this.bytes -= entry.body.byteLength;
  }
}
