import type { Db } from '../db/db.ts';
import type { ChangedPoint } from '../services/point_changes.ts';
import { BinPyramid } from './bin_pyramid.ts';
import { encodeMvt, type TileFeature } from './encode_mvt.ts';
import { AMBIGUOUS, PointIdTable } from './point_id_table.ts';
import { EXTENT, lonLatToMercator, mercatorToLonLat, tileMercatorBounds, type Tile } from './tile_math.ts';

/** Households as Web Mercator points in memory, indexed for box queries. */
interface HouseholdPoints {
  /** How many households: the arrays below have room for more (households added by imports). */
  n: number;
  x: Float64Array;
  y: Float64Array;
  people: Int32Array;
  floating: Int32Array;
  /** (region, id) → position in the arrays, to move a household that is imported again. */
  ids: PointIdTable;
  /** Counts per bin at zooms 0–PYRAMID_MAX_ZOOM: what zoomed-out tiles read. */
  pyramid: BinPyramid;
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

/** A household row as loaded, or as an import announces it. */
type HouseholdRow = ChangedPoint;

/** The bins the pyramid keeps: those of the households layer (household_tile.ts HOUSEHOLD_BIN). */
const PYRAMID_BIN = 64;
/** The deepest zoom the pyramid keeps: the last one drawn as bins (points from 15 on). */
const PYRAMID_MAX_ZOOM = 14;

/**
 * Household tiles from an in-memory copy of their positions: one query to load, then kept up to
 * date by `apply` as imports write households (point_changes.ts), so no reload is needed; a
 * zoomed-out tile reads a pre-binned pyramid, a zoomed-in one walks the households in its box.
 * Where the same work in SQL took hundreds of milliseconds a tile on PGlite, this takes about
 * a millisecond (docs/PERFORMANCE.md). A million households take about 70 MB here (positions,
 * grid index, id table, pyramid). Only positions and counts are held: nothing personal.
 */
export class HouseholdIndex {
  private points: HouseholdPoints | null = null;
  private loading: Promise<HouseholdPoints> | null = null;
  /** Changes that arrived while a load ran: it may have read the table before they committed. */
  private queued: HouseholdRow[] = [];
  /** Invalidated while a load ran: that load may have read the table before the change. */
  private invalidatedWhileLoading = false;

  constructor(
    private readonly db: Db,
    /** Reload after this long; Infinity (the default) relies on `apply` for every change. */
    private readonly ttlMs = Infinity,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The tile as an MVT layer `households`: one point per non-empty bin of `bin` tile units, at its
   * centre, with `count` and `people`; each household counted in exactly one tile (half-open).
   * `keep` (Web Mercator metres) leaves households out, for a caller held to some areas; bins of
   * fewer than `minCount` households are left out (k-anonymity for aggregate-only callers).
   * Zoomed out and unfiltered, the bins come from the pyramid; otherwise from a scan.
   */
  async binTile(tile: Tile, bin: number, keep?: (x: number, y: number) => boolean, minCount = 1): Promise<Uint8Array> {
    const p = await this.current();
    if (!keep && p.pyramid.covers(tile, bin)) return encodeMvt([{ name: 'households', features: p.pyramid.features(tile, minCount) }]);
    return scanBins(p, tile, bin, keep, minCount);
  }

  /** binTile by walking every household in the tile, never the pyramid: the baseline of the benchmark and its tests. */
  async scanBinTile(tile: Tile, bin: number, keep?: (x: number, y: number) => boolean, minCount = 1): Promise<Uint8Array> {
    return scanBins(await this.current(), tile, bin, keep, minCount);
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
    // Stops at the first household over `max`: the caller bins the tile instead.
    for (const [b0, b1] of bucketRows(p, minx - pad, miny - pad, maxx + pad, maxy + pad)) {
      for (let k = p.start[b0]; k < p.start[b1 + 1]; k++) {
        const i = p.order[k];
        const x = p.x[i];
        const y = p.y[i];
        if (x < minx - pad || x > maxx + pad || y < miny - pad || y > maxy + pad) continue;
        if (keep && !keep(x, y)) continue;
        if (ids.length >= max) return null;
        ids.push(i);
      }
    }
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

  /** Forgets the copy: the next tile reloads it (after a write whose points are unknown). */
  invalidate(): void {
    this.points = null;
    if (this.loading) this.invalidatedWhileLoading = true;
  }

  /**
   * Applies committed household writes (each with region, id and new position): moves those it
   * holds, adds the others, and updates the pyramid and the grid index. Returns where the moved
   * households were before (longitude, latitude), whose tiles changed too; or null when it cannot
   * tell (a row without id, an id sharing its hash with another): the caller must invalidate and
   * drop every household tile. Idempotent: the same rows applied twice change nothing more.
   */
  apply(rows: readonly HouseholdRow[]): [number, number][] | null {
    if (rows.some((r) => r.id === undefined)) return null;
    // A load under way may have read the table before these committed: apply them to it as well.
    if (this.loading) this.queued.push(...rows);
    if (!this.points) return [];
    return applyRows(this.points, rows);
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
    this.queued = [];
    this.invalidatedWhileLoading = false;
    const rows = await this.db.query<HouseholdRow>('select region, id, st_x(geom) as lon, st_y(geom) as lat, people, floating from household');
    const n = rows.length;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    const people = new Int32Array(n);
    const floating = new Int32Array(n);
    const ids = new PointIdTable(n);
    rows.forEach((r, i) => {
      [x[i], y[i]] = lonLatToMercator(r.lon, r.lat);
      people[i] = r.people ?? 1;
      floating[i] = r.floating ?? 0;
      // (region, id) is the key: a second row on one hash is another household (marked ambiguous).
      if (r.id !== undefined) ids.add(r.region, r.id, i);
    });
    const pyramid = BinPyramid.build(PYRAMID_BIN, PYRAMID_MAX_ZOOM, x, y, people, n);
    const points: HouseholdPoints = { n, x, y, people, floating, ids, pyramid, ...buildBuckets(x, y, n), loadedAt: this.now() };
    // Changes that came meanwhile are applied to the copy; one that cannot be, or an invalidation, makes it stale at once.
    if (this.invalidatedWhileLoading || (this.queued.length && applyRows(points, this.queued) === null)) points.loadedAt = -Infinity;
    this.queued = [];
    this.points = points;
    return points;
  }
}

/** Moves or adds each row in `p` (see HouseholdIndex.apply); null when an id is ambiguous. */
function applyRows(p: HouseholdPoints, rows: readonly HouseholdRow[]): [number, number][] | null {
  const old: [number, number][] = [];
  for (const r of rows) {
    const i = p.ids.get(r.region, r.id!);
    if (i === AMBIGUOUS) return null;
    const [x, y] = lonLatToMercator(r.lon, r.lat);
    const people = r.people ?? 1;
    if (i >= 0) {
      old.push(mercatorToLonLat(p.x[i], p.y[i]));
      p.pyramid.add(p.x[i], p.y[i], p.people[i], -1);
      p.x[i] = x;
      p.y[i] = y;
      p.people[i] = people;
      p.floating[i] = r.floating ?? 0;
    } else {
      if (p.n === p.x.length) grow(p);
      p.x[p.n] = x;
      p.y[p.n] = y;
      p.people[p.n] = people;
      p.floating[p.n] = r.floating ?? 0;
      p.ids.set(r.region, r.id!, p.n);
      p.n++;
    }
    p.pyramid.add(x, y, people, 1);
  }
  // The grid index is a counting sort: redone whole, a few milliseconds a hundred thousand households.
  Object.assign(p, buildBuckets(p.x, p.y, p.n));
  return old;
}

/** Doubles the room in the arrays (imports add households one batch at a time). */
function grow(p: HouseholdPoints): void {
  const size = Math.max(1024, p.x.length * 2);
  const more = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
    const b = make(size);
    b.set(a);
    return b;
  };
  p.x = more(p.x, (k) => new Float64Array(k));
  p.y = more(p.y, (k) => new Float64Array(k));
  p.people = more(p.people, (k) => new Int32Array(k));
  p.floating = more(p.floating, (k) => new Int32Array(k));
}

/** The bucket grid over the first `n` households: their bounds, ids ordered by bucket, and where each bucket starts. */
function buildBuckets(x: Float64Array, y: Float64Array, n: number): Pick<HouseholdPoints, 'bounds' | 'order' | 'start' | 'cell'> {
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
  return { bounds, order, start, cell };
}

/** Bins the households of the tile one by one (what the pyramid saves zoomed out; still the way for filtered or deep tiles). */
function scanBins(p: HouseholdPoints, tile: Tile, bin: number, keep: ((x: number, y: number) => boolean) | undefined, minCount: number): Uint8Array {
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

/** Buckets per side of the grid index: 256×256 buckets, 256 KB of offsets. */
const GRID = 256;

/**
 * The runs of buckets meeting the box, one per bucket row, as [first, last] bucket numbers:
 * within a row the buckets' households are contiguous in `order`.
 */
function bucketRows(p: HouseholdPoints, minx: number, miny: number, maxx: number, maxy: number): [number, number][] {
  if (p.n === 0 || maxx < p.bounds[0] || minx > p.bounds[2] || maxy < p.bounds[1] || miny > p.bounds[3]) return [];
  const clamp = (v: number) => Math.max(0, Math.min(GRID - 1, Math.floor(v)));
  const bx0 = clamp((minx - p.bounds[0]) / p.cell[0]);
  const bx1 = clamp((maxx - p.bounds[0]) / p.cell[0]);
  const by0 = clamp((miny - p.bounds[1]) / p.cell[1]);
  const by1 = clamp((maxy - p.bounds[1]) / p.cell[1]);
  const rows: [number, number][] = [];
  for (let by = by0; by <= by1; by++) rows.push([by * GRID + bx0, by * GRID + bx1]);
  return rows;
}
