import type { TileFeature } from './encode_mvt.ts';
import { EXTENT, MERCATOR_HALF, type Tile } from './tile_math.ts';

/** Up to this many finest bins over the households' extent, the build adds up in a dense grid (4M: 32 MB for a moment). */
const DENSE_CELLS = 4 * 1024 * 1024;

/** One zoom's bins: their keys (row × 2^level + column) → a slot in the count and people arrays. */
interface Level {
  slot: Map<number, number>;
  count: Int32Array;
  people: Int32Array;
  used: number;
}

/**
 * Household counts per bin at every zoom from 0 to `maxZoom`, kept up to date as households are
 * added, moved or removed, so that a zoomed-out tile reads at most 64×64 bins instead of walking
 * every household in it: a z10 tile over a million households went from ~200 ms (a scan) to
 * about a millisecond (docs/PERFORMANCE.md). A bin at zoom z is a tile at zoom z + log2(EXTENT /
 * bin); a household falls in exactly one bin a zoom, found from its finest bin by shifting, so
 * the zooms agree with each other exactly. Only counts: nothing that names a household.
 */
export class BinPyramid {
  /** log2 of bins per tile side: 6 for 64-unit bins. */
  private readonly shift: number;
  /** The finest level, in bins per world side as a power of two: maxZoom + shift. */
  private readonly finest: number;
  /** Finest bins per world side, and per metre: computed once, these are the hot loop's. */
  private readonly side: number;
  private readonly perMetre: number;
  private readonly levels: Level[] = [];

  constructor(
    /** The side of a bin in tile units, a power of two dividing EXTENT (64: 4,096 bins a tile). */
    readonly bin: number,
    /** The deepest zoom kept; deeper tiles are binned by scanning (they hold few households). */
    readonly maxZoom: number,
  ) {
    this.shift = Math.log2(EXTENT / bin);
    if (!Number.isInteger(this.shift) || this.shift < 0) throw new Error(`bin ${bin} does not divide ${EXTENT} by a power of two`);
    this.finest = maxZoom + this.shift;
    // Bin columns and rows are shifted as 32-bit integers.
    if (this.finest > 30) throw new Error(`zoom ${maxZoom} with bins of ${bin} is deeper than a pyramid can hold`);
    this.side = 2 ** this.finest;
    this.perMetre = this.side / (2 * MERCATOR_HALF);
    for (let z = 0; z <= maxZoom; z++) this.levels.push({ slot: new Map(), count: new Int32Array(256), people: new Int32Array(256), used: 0 });
  }

  /**
   * A pyramid of `n` households at Web Mercator (x[i], y[i]) with people[i]. The finest zoom is
   * filled from the households, each coarser one from the zoom below (far fewer bins than
   * households), so building costs about one Map update a household.
   */
  static build(bin: number, maxZoom: number, x: Float64Array, y: Float64Array, people: Int32Array, n: number): BinPyramid {
    const p = new BinPyramid(bin, maxZoom);
    const top = p.levels[maxZoom];
    const side = 2 ** p.finest;
    const cx = new Int32Array(n);
    const cy = new Int32Array(n);
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i < n; i++) {
      cx[i] = p.column(x[i]);
      cy[i] = p.row(y[i]);
      if (cx[i] < x0) x0 = cx[i];
      if (cx[i] > x1) x1 = cx[i];
      if (cy[i] < y0) y0 = cy[i];
      if (cy[i] > y1) y1 = cy[i];
    }
    const w = x1 - x0 + 1;
    const h = y1 - y0 + 1;
    if (n > 0 && w * h <= DENSE_CELLS) {
      // A town's finest bins fit a dense grid: add up there (no Map per household), then keep
      // only the non-empty bins. A Map per household took ~300 ms for a million.
      const count = new Int32Array(w * h);
      const sum = new Int32Array(w * h);
      for (let i = 0; i < n; i++) {
        const k = (cy[i] - y0) * w + (cx[i] - x0);
        count[k]++;
        sum[k] += people[i];
      }
      for (let k = 0; k < count.length; k++) {
        if (count[k] === 0) continue;
        const r = Math.floor(k / w);
        p.bump(top, (r + y0) * side + (k - r * w) + x0, count[k], sum[k]);
      }
    } else {
      for (let i = 0; i < n; i++) p.bump(top, cy[i] * side + cx[i], 1, people[i]);
    }
    for (let z = maxZoom - 1; z >= 0; z--) {
      const child = p.levels[z + 1];
      const level = p.levels[z];
      const childSide = 2 ** (z + 1 + p.shift);
      const parentSide = childSide / 2;
      for (const [key, s] of child.slot) {
        const r = Math.floor(key / childSide);
        const c = key - r * childSide;
        p.bump(level, (r >>> 1) * parentSide + (c >>> 1), child.count[s], child.people[s]);
      }
    }
    return p;
  }

  /** Counts a household at (x, y) with `people` in (sign 1) or out of (sign −1) its bin at every zoom. */
  add(x: number, y: number, people: number, sign: 1 | -1): void {
    const cx = this.column(x);
    const cy = this.row(y);
    for (let z = 0; z <= this.maxZoom; z++) {
      const down = this.maxZoom - z;
      this.bump(this.levels[z], (cy >>> down) * 2 ** (z + this.shift) + (cx >>> down), sign, sign * people);
    }
  }

  /** Whether tile z/x/y with bins of `bin` units can be read from here. */
  covers(tile: Tile, bin: number): boolean {
    return bin === this.bin && tile.z <= this.maxZoom;
  }

  /**
   * The tile's non-empty bins of at least `minCount` households, row by row, each a point at the
   * bin's centre with `count` and `people`: the same features, in the same order, as binning
   * the tile's households one by one.
   */
  features(tile: Tile, minCount = 1): TileFeature[] {
    const level = this.levels[tile.z];
    const per = 2 ** this.shift;
    const side = 2 ** (tile.z + this.shift);
    const features: TileFeature[] = [];
    if (level.used === 0) return features;
    for (let by = 0; by < per; by++) {
      const row = (tile.y * per + by) * side + tile.x * per;
      for (let bx = 0; bx < per; bx++) {
        const s = level.slot.get(row + bx);
        if (s === undefined) continue;
        const count = level.count[s];
        if (count === 0 || count < minCount) continue;
        features.push({
          type: 'point',
          points: [[bx * this.bin + this.bin / 2, by * this.bin + this.bin / 2]],
          properties: { count, people: level.people[s] },
        });
      }
    }
    return features;
  }

  /** The column of the finest bin holding Web Mercator x, counted from the west. */
  private column(x: number): number {
    const c = Math.floor((x + MERCATOR_HALF) * this.perMetre);
    return c < 0 ? 0 : c >= this.side ? this.side - 1 : c;
  }

  /** The row of the finest bin holding Web Mercator y, counted from the north. */
  private row(y: number): number {
    const r = Math.floor((MERCATOR_HALF - y) * this.perMetre);
    return r < 0 ? 0 : r >= this.side ? this.side - 1 : r;
  }

  private bump(level: Level, key: number, count: number, people: number): void {
    let s = level.slot.get(key);
    if (s === undefined) {
      if (level.used === level.count.length) {
        const grow = (a: Int32Array) => {
          const b = new Int32Array(a.length * 2);
          b.set(a);
          return b;
        };
        level.count = grow(level.count);
        level.people = grow(level.people);
      }
      s = level.used++;
      level.slot.set(key, s);
    }
    level.count[s] += count;
    level.people[s] += people;
  }
}
