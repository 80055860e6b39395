import type { Db } from '../db/db.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { onAreasChanged } from '../services/area_changes.ts';
import { onPointsChanged, type ChangedPoint, type PointLayer } from '../services/point_changes.ts';
import { TileCache, type CachedTile } from './tile_cache.ts';
import { AREA_LAYER_NAMES, TILE_LAYERS, tileLayerFor, type TileContext } from './tile_layers.ts';
import { areaLevels } from '../services/area_levels.ts';
import { bboxesIntersect, isValidTile, tileLonLatBounds, tilesCovering, type Tile } from './tile_math.ts';
import { selectTileBounds } from './select_tile_bounds.ts';
import { HouseholdIndex } from './household_index.ts';
import { AreaLabelIndex } from './area_label_index.ts';
import { PointPositions } from './point_positions.ts';
import { TouchedTiles } from './touched_tiles.ts';

export interface TileService {
  /** The tile, from the cache or freshly rendered; `hit` says which. */
  get(layer: string, tile: Tile): Promise<CachedTile & { hit: boolean }>;
  cache: TileCache;
  /** The in-memory household positions and label points the renderers share. */
  context: TileContext;
  /** Calls `listener` with the keys (layer/z/x/y) of the tiles each edit dropped; returns the unsubscribe function. */
  onDrop(listener: (keys: string[]) => void): () => void;
  /** Applies the point writes announced so far and drops their tiles now (otherwise at the next request or within FLUSH_MS). */
  flush(): void;
  /**
   * Renders into the cache, one at a time, the tiles of the area layers a map opens on (towns,
   * communities, grids) that cover every area, at zooms up to `maxZoom`; resolves with how many.
   * Served from memory afterwards, the first person to open the map after a start does not wait
   * for renders. Requests go first: each render is awaited before the next starts. A seeded tile
   * that an area edit drops is rendered again, with the new shapes, after the edit.
   */
  seed(maxZoom: number): Promise<number>;
  /** Stops listening for edits. */
  close(): void;
}

/**
 * How long announced point writes may wait before their tiles are dropped, when no tile is
 * asked for meanwhile (a request always applies them first). Batching keeps event intake, at
 * hundreds of reports a second, to one drop pass per interval rather than one per report.
 */
const FLUSH_MS = 100;

/** The layers a map opens on (the one-map draws units from zoom 14), and how many tiles of one zoom seeding renders at most. */
const SEED_LAYERS = ['towns', 'communities', 'grids'];
const SEED_MAX_TILES_PER_ZOOM = 64;

/**
 * Renders and caches the vector tiles of one database. Subscribes to area edits and drops
 * exactly the cached area tiles whose buffered box meets the edit's box; subscribes to point
 * writes (imports of households and facilities, event reports and transitions) and drops
 * exactly the register tiles, at every zoom, that a written point lies in, old position and
 * new, after updating the household index. Concurrent requests for one uncached tile share one
 * render; a render that an edit overtook is served once and not kept.
 */
export function createTileService(db: Db, cache = new TileCache()): TileService {
  const rendering = new Map<string, { layer: string; tile: Tile; stale: boolean; promise: Promise<CachedTile> }>();
  const context = { householdIndex: new HouseholdIndex(db), areaLabels: new AreaLabelIndex(db) };
  const facilityPositions = new PointPositions(db, 'select region, id, st_x(geom) as lon, st_y(geom) as lat from facility');
  const dropListeners = new Set<(keys: string[]) => void>();
  // Point writes announced and not yet applied, per layer; null: unknown points, drop them all.
  const pending = new Map<PointLayer, ChangedPoint[][] | null>();
  let timer: NodeJS.Timeout | null = null;

  // PGlite loads PostGIS's library and PROJ's transformation lazily, about two seconds on first
  // use, and the label points and positions are loaded once: pay that at start-up rather than
  // on the first map a user opens.
  const warmed = warmUp(db).then(() => Promise.all([context.areaLabels.warm(), context.householdIndex.warm(), facilityPositions.warm()]));

  const dropped = (keys: string[]) => {
    if (keys.length) for (const listener of dropListeners) listener(keys);
  };
  const markInFlight = (match: (layer: string, tile: Tile) => boolean) => {
    for (const r of rendering.values()) if (match(r.layer, r.tile)) r.stale = true;
  };

  // The seeded tiles (keys), and the renders of those an edit dropped, one after another.
  const seeded = new Set<string>();
  let reseeding: Promise<unknown> = Promise.resolve();
  let closed = false;
  const renderInTurn = (keys: readonly string[]) =>
    (reseeding = reseeding.then(async () => {
      for (const key of keys) {
        if (closed) return;
        const [layer, z, x, y] = key.split('/');
        await service.get(layer, { z: Number(z), x: Number(x), y: Number(y) }).catch((err) => console.warn(`tile ${key} not seeded again: ${err instanceof Error ? err.message : err}`));
      }
    }));

  const unsubscribeAreas = onAreasChanged(db, ({ bbox }) => {
    context.areaLabels.invalidate();
    markInFlight((layer, tile) => AREA_LAYER_NAMES.has(layer) && (!bbox || bboxesIntersect(bbox, tileLonLatBounds(tile))));
    const keys = cache.drop(bbox, AREA_LAYER_NAMES);
    dropped(keys);
    // A seeded tile an edit dropped is rendered again with the new shapes, so the next map opened is still served from memory.
    const again = keys.filter((k) => seeded.has(k));
    if (again.length) void renderInTurn(again);
  });

  const unsubscribePoints = onPointsChanged(db, ({ layer, points }) => {
    if (!TILE_LAYERS.has(layer)) return;
    const queued = pending.get(layer);
    if (points === null || queued === null) pending.set(layer, null);
    else if (queued) queued.push(points as ChangedPoint[]);
    else pending.set(layer, [points as ChangedPoint[]]);
    timer ??= setTimeout(flush, FLUSH_MS).unref();
  });

  /** Applies the queued point writes: the household index first, then the drops. */
  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    for (const [layer, batches] of pending) {
      pending.delete(layer);
      const points = batches?.flat() ?? null;
      let old: [number, number][] | null = null;
      if (points && layer === 'households') old = context.householdIndex.apply(points);
      else if (points && layer === 'facilities') old = facilityPositions.apply(points);
      else if (points) old = []; // events do not move
      if (!points || !old) {
        if (layer === 'households') context.householdIndex.invalidate();
        if (layer === 'facilities' && !points) facilityPositions.invalidate();
        markInFlight((l) => l === layer);
        dropped(cache.dropWhere(layer, () => true));
        continue;
      }
      const touched = new TouchedTiles([...points.map((p): [number, number] => [p.lon, p.lat]), ...old]);
      markInFlight((l, tile) => l === layer && touched.has(tile));
      dropped(touched.dropFrom(cache, layer));
    }
  }

  const service: TileService = {
    cache,
    context,
    flush,
    async seed(maxZoom) {
      await warmed;
      const bounds = await selectTileBounds(db, null);
      if (!bounds) return 0;
      let n = 0;
      for (let z = 0; z <= maxZoom; z++) {
        const tiles = tilesCovering(bounds, z);
        if (tiles.length > SEED_MAX_TILES_PER_ZOOM) break;
        for (const layer of SEED_LAYERS) {
          for (const tile of tiles) {
            await service.get(layer, tile);
            seeded.add(TileCache.key(layer, tile));
            n++;
          }
        }
      }
      return n;
    },
    onDrop(listener) {
      dropListeners.add(listener);
      return () => dropListeners.delete(listener);
    },
    close() {
      closed = true;
      unsubscribeAreas();
      unsubscribePoints();
      if (timer) clearTimeout(timer);
    },
    async get(layer, tile) {
      const levels = TILE_LAYERS.has(layer) ? [] : (await areaLevels(db)).map((l) => l.level);
      const spec = tileLayerFor(layer, levels);
      if (!spec) throw new NotFoundError(`No tile layer "${layer}": use one of ${[...TILE_LAYERS.keys(), ...levels.filter((l) => tileLayerFor(l, levels) && !TILE_LAYERS.has(l))].join(', ')}.`);
      if (!isValidTile(tile)) {
        throw new ValidationError(`No tile ${tile.z}/${tile.x}/${tile.y}: z must be 0–22 and x, y 0…2^z−1.`, [
          { field: 'z/x/y', problem: `${tile.z}/${tile.x}/${tile.y} is outside the tile pyramid` },
        ]);
      }
      // A write announced before this request shows in its answer.
      if (pending.size) flush();
      const cached = cache.get(layer, tile);
      if (cached) return { ...cached, hit: true };
      const key = TileCache.key(layer, tile);
      let render = rendering.get(key);
      if (!render) {
        const r = { layer, tile, stale: false } as { layer: string; tile: Tile; stale: boolean; promise: Promise<CachedTile> };
        r.promise = spec
          .render(db, tile, context)
          .then((body) => (r.stale ? cache.entry(layer, tile, body) : cache.set(layer, tile, body, spec.ttlMs)))
          .finally(() => rendering.delete(key));
        rendering.set(key, (render = r));
      }
      return { ...(await render.promise), hit: false };
    },
  };
  return service;
}

async function warmUp(db: Db): Promise<void> {
  await db
    .query(
      `select st_asgeojson(st_snaptogrid(st_affine(st_clipbybox2d(st_simplify(st_transform(g, 3857), 1), st_makeenvelope(0, 0, 1e7, 1e7, 3857)::box2d),
                1, 0, 0, -1, 0, 0), 1), 0), st_astext(st_pointonsurface(g))
         from (select st_geomfromtext('POLYGON((120 29, 120.1 29, 120.1 29.1, 120 29))', 4326) as g) x`,
    )
    .catch(() => undefined); // a database that is closing; the first real tile will say what is wrong
}
