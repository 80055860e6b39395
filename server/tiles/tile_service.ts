import type { Db } from '../db/db.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { onAreasChanged } from '../services/area_changes.ts';
import { TileCache, type CachedTile } from './tile_cache.ts';
import { AREA_LAYER_NAMES, TILE_LAYERS, type TileContext } from './tile_layers.ts';
import { isValidTile, type Tile } from './tile_math.ts';
import { HouseholdIndex } from './household_index.ts';
import { AreaLabelIndex } from './area_label_index.ts';

export interface TileService {
  /** The tile, from the cache or freshly rendered; `hit` says which. */
  get(layer: string, tile: Tile): Promise<CachedTile & { hit: boolean }>;
  cache: TileCache;
  /** The in-memory household positions and label points the renderers share. */
  context: TileContext;
  /** Stops listening for area edits. */
  close(): void;
}

/**
 * Renders and caches the vector tiles of one database. Subscribes to area edits and drops
 * exactly the cached area tiles whose buffered box meets the edit's box; concurrent requests for
 * one uncached tile share one render.
 */
export function createTileService(db: Db, cache = new TileCache()): TileService {
  const rendering = new Map<string, Promise<CachedTile>>();
  const context = { householdIndex: new HouseholdIndex(db), areaLabels: new AreaLabelIndex(db) };
  // A render that started before an edit must not put its (old) tile back after the drop.
  let generation = 0;
  // PGlite loads PostGIS's library and PROJ's transformation lazily, about two seconds on first
  // use, and the label points and household positions are loaded once: pay that at start-up
  // rather than on the first map a user opens.
  void warmUp(db).then(() => Promise.all([context.areaLabels.warm(), context.householdIndex.warm()]));
  const unsubscribe = onAreasChanged(db, ({ bbox }) => {
    generation++;
    context.areaLabels.invalidate();
    cache.drop(bbox, AREA_LAYER_NAMES);
  });
  return {
    cache,
    context,
    close: unsubscribe,
    async get(layer, tile) {
      const spec = TILE_LAYERS.get(layer);
      if (!spec) throw new NotFoundError(`No tile layer "${layer}": use one of ${[...TILE_LAYERS.keys()].join(', ')}.`);
      if (!isValidTile(tile)) {
        throw new ValidationError(`No tile ${tile.z}/${tile.x}/${tile.y}: z must be 0–22 and x, y 0…2^z−1.`, [
          { field: 'z/x/y', problem: `${tile.z}/${tile.x}/${tile.y} is outside the tile pyramid` },
        ]);
      }
      const cached = cache.get(layer, tile);
      if (cached) return { ...cached, hit: true };
      const key = TileCache.key(layer, tile);
      let pending = rendering.get(key);
      if (!pending) {
        const startedAt = generation;
        pending = spec
          .render(db, tile, context)
          .then((body) => {
            if (startedAt === generation || spec.source !== 'areas') return cache.set(layer, tile, body, spec.ttlMs);
            return cache.entry(layer, tile, body); // served once, not kept: an edit came in meanwhile
          })
          .finally(() => rendering.delete(key));
        rendering.set(key, pending);
      }
      return { ...(await pending), hit: false };
    },
  };
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
