import type { Db } from '../db/db.ts';
import { encodeMvt, type TileFeature } from './encode_mvt.ts';
import { EXTENT, lonLatToMercator, tileMercatorBounds, type Tile } from './tile_math.ts';

/** Households as Web Mercator points in memory, indexed for box queries. */
interface HouseholdPoints {
  x: Float64Array;
  y: Float64Array;
  people: Int32Array;
  floating: Int32Array;
  /** [minx, miny, maxx, maxy] of every household, in metres. */
  bounds: [number, number, number, number];
  /**
   * A uniform grid of GRID×GRID buckets over the bounds: household ids ordered by bucket, and
   * where each bucket starts in that order (counting sort). A box query walks whole buckets, with
   * no per-query allocation: a range query that returns an array of 300,000 ids cost ~150 ms.
   */
  order: Int32Array;
  start: Int32Array;
  cell: [number, number];
  loadedAt: number;
}

/**
 * Household tiles from an in-memory copy of their positions: one query to load (every `ttlMs` at
 * most, reloaded in the background while the old copy serves), then a tile is a box query and
 * arithmetic, a few milliseconds even for the whole town, where the same work in SQL took
 * hundreds of milliseconds a tile on PGlite (docs/PERFORMANCE.md). A million households take
 * about 40 MB here. Only positions and counts are held: nothing personal.
 */
export class HouseholdIndex {
  private points: HouseholdPoints | null = null;
  private loading: Promise<HouseholdPoints> | null = null;

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The tile as an MVT layer `households`: one point per non-empty bin of `bin` tile units, at its
   * centre, with `count` and `people`; each household counted in exactly one tile (half-open).
   * `keep` (Web Mercator metres) leaves households out, for a caller held to some areas; bins of
   * fewer than `minCount` households are left out (k-anonymity for aggregate-only callers).
   */
  async binTile(tile: Tile, bin: number, keep?: (x: number, y: number) => boolean, minCount = 1): Promise<Uint8Array> {
    const p = await this.current();
    const [minx, miny, maxx, maxy] = tileMercatorBounds(tile);
    const scale = EXTENT / (maxx - minx);
    const side = EXTENT / bin;
    // Typed accumulators, not a Map: a million households bin in tens of milliseconds.
    const count = new Int32Array(side * side);
    const people = new Int32Array(side * side);
    const { x, y, order, start } = p;
    const weight = p.people;
    // The bucket walk of forEachInBox, inlined: this loop is the whole cost of a zoomed-out tile.
    for (const [b0, b1] of bucketRows(p, minx, miny, maxx, maxy)) {
      for (let k = start[b0]; k < start[b1 + 1]; k++) {
        const i = order[k];
        const px = (x[i] - minx) * scale;
        const py = (maxy - y[i]) * scale;
        if (px < 0 || px >= EXTENT || py < 0 || py >= EXTENT) continue;
        if (keep && !keep(x[i], y[i])) continue;
        const key = ((py / bin) | 0) * side + ((px / bin) | 0);
        count[key]++;
        people[key] += weight[i];
      }
    }
    const features: TileFeature[] = [];
    for (let key = 0; key < count.length; key++) {
      if (count[key] === 0 || count[key] < minCount) continue;
      features.push({
        type: 'point',
        points: [[(key % side) * bin + bin / 2, Math.floor(key / side) * bin + bin / 2]],
        properties: { count: count[key], people: people[key] },
      });
    }
    return encodeMvt([{ name: 'households', features }]);
  }

  /**
   * The tile as an MVT layer `households` of single points with `people` and `floating`,
   * including those within `buffer` tile units outside it (so symbols join across edges), or null
   * when it would hold more than `max` (the caller bins it instead).
   */
  async pointTile(tile: Tile, buffer: number, max: number, keep?: (x: number, y: number) => boolean): Promise<Uint8Array | null> {
    const p = await this.current();
    const [minx, miny, maxx, maxy] = tileMercatorBounds(tile);
    const scale = EXTENT / (maxx - minx);
    const pad = buffer / scale;
    const ids: number[] = [];
    let over = false;
    forEachInBox(p, minx - pad, miny - pad, maxx + pad, maxy + pad, (i) => {
      if (over) return;
      const x = p.x[i];
      const y = p.y[i];
      if (x < minx - pad || x > maxx + pad || y < miny - pad || y > maxy + pad) return;
      if (keep && !keep(x, y)) return;
      if (ids.length >= max) over = true;
      else ids.push(i);
    });
    if (over) return null;
    const features: TileFeature[] = ids.map((i) => ({
      type: 'point',
      points: [[(p.x[i] - minx) * scale, (maxy - p.y[i]) * scale]],
      properties: { people: p.people[i], floating: p.floating[i] },
    }));
    return encodeMvt([{ name: 'households', features }]);
  }

  /** Loads the copy ahead of the first tile (at start-up); failures wait for that tile to report them. */
  async warm(): Promise<void> {
    await this.current().catch(() => undefined);
  }

  /** Forgets the copy: the next tile reloads it (after an import, say). */
  invalidate(): void {
    this.points = null;
  }

  private async current(): Promise<HouseholdPoints> {
    if (this.points && this.now() - this.points.loadedAt < this.ttlMs) return this.points;
    this.loading ??= this.load().finally(() => (this.loading = null));
    // Stale: serve the old copy while the new one loads.
    if (this.points) {
      void this.loading.catch(() => undefined);
      return this.points;
    }
    return this.loading;
  }

  private async load(): Promise<HouseholdPoints> {
    const rows = await this.db.query<{ lon: number; lat: number; people: number; floating: number }>(
      'select st_x(geom) as lon, st_y(geom) as lat, people, floating from household',
    );
    const n = rows.length;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    const people = new Int32Array(n);
    const floating = new Int32Array(n);
    rows.forEach((r, i) => {
      [x[i], y[i]] = lonLatToMercator(r.lon, r.lat);
      people[i] = r.people;
      floating[i] = r.floating;
    });
    const bounds: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < n; i++) {
      if (x[i] < bounds[0]) bounds[0] = x[i];
      if (y[i] < bounds[1]) bounds[1] = y[i];
      if (x[i] > bounds[2]) bounds[2] = x[i];
      if (y[i] > bounds[3]) bounds[3] = y[i];
    }
    if (n === 0) bounds.splice(0, 4, 0, 0, 0, 0);
    const cell: [number, number] = [Math.max((bounds[2] - bounds[0]) / GRID, 1e-6), Math.max((bounds[3] - bounds[1]) / GRID, 1e-6)];
    const bucket = new Int32Array(n);
    const start = new Int32Array(GRID * GRID + 1);
    for (let i = 0; i < n; i++) {
      const bx = Math.min(GRID - 1, Math.floor((x[i] - bounds[0]) / cell[0]));
      const by = Math.min(GRID - 1, Math.floor((y[i] - bounds[1]) / cell[1]));
      bucket[i] = by * GRID + bx;
      start[bucket[i] + 1]++;
    }
    for (let b = 0; b < GRID * GRID; b++) start[b + 1] += start[b];
    const fill = start.slice(0, GRID * GRID);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[fill[bucket[i]]++] = i;
    this.points = { x, y, people, floating, bounds, order, start, cell, loadedAt: this.now() };
    return this.points;
  }
}

/** Buckets per side of the grid index: 256×256 buckets, 256 KB of offsets. */
const GRID = 256;

/** Calls `visit` with every household in the buckets meeting the box (callers check the exact box). */
function forEachInBox(p: HouseholdPoints, minx: number, miny: number, maxx: number, maxy: number, visit: (i: number) => void): void {
  for (const [b0, b1] of bucketRows(p, minx, miny, maxx, maxy)) for (let k = p.start[b0]; k < p.start[b1 + 1]; k++) visit(p.order[k]);
}

/**
 * The runs of buckets meeting the box, one per bucket row, as [first, last] bucket numbers:
 * within a row the buckets' households are contiguous in `order`.
 */
function bucketRows(p: HouseholdPoints, minx: number, miny: number, maxx: number, maxy: number): [number, number][] {
  if (p.x.length === 0 || maxx < p.bounds[0] || minx > p.bounds[2] || maxy < p.bounds[1] || miny > p.bounds[3]) return [];
  const clamp = (v: number) => Math.max(0, Math.min(GRID - 1, Math.floor(v)));
  const bx0 = clamp((minx - p.bounds[0]) / p.cell[0]);
  const bx1 = clamp((maxx - p.bounds[0]) / p.cell[0]);
  const by0 = clamp((miny - p.bounds[1]) / p.cell[1]);
  const by1 = clamp((maxy - p.bounds[1]) / p.cell[1]);
  const rows: [number, number][] = [];
  for (let by = by0; by <= by1; by++) rows.push([by * GRID + bx0, by * GRID + bx1]);
  return rows;
}
