import { createHash } from 'node:crypto';
import { PbfReader } from 'pbf';
import { VectorTile, classifyRings, type VectorTileFeature } from '@mapbox/vector-tile';
import type { Db } from '../db/db.ts';
import { selectCodesInScope } from '../db/queries/select_codes_in_scope.ts';
import { inScope } from '../domain/access/in_scope.ts';
import { locatePoint, newLocated } from '../domain/assign/locate_point.ts';
import { onAreasChanged } from '../services/area_changes.ts';
import { cellChain, getCellIndex, type LoadedCellIndex } from '../services/cell_index.ts';
import { encodeMvt, type TileFeature, type TileLayer } from './encode_mvt.ts';
import { householdTile } from './household_tile.ts';
import { AREA_LAYER_NAMES } from './tile_layers.ts';
import { bboxesIntersect, mercatorToLonLat, tileLonLatBounds, tileMercatorBounds, type Tile } from './tile_math.ts';
import type { TileService } from './tile_service.ts';

/** Who is looking at a tile: the roots of their subtrees (null: everywhere), and whether they see household aggregates only. */
export interface TileView {
  scope: string[] | null;
  /** No households.read: household bins of at least `minCount` only, never single points. */
  aggregateOnly: boolean;
  minCount: number;
}

export interface ViewedTile {
  body: Uint8Array;
  etag: string;
  hit: boolean;
}

const MAX_ENTRIES = 4000;

/**
 * Tiles as one caller may see them. The shared cache holds each tile once, for everyone; a caller
 * held to some areas gets it filtered after the cache (area features by code, points by the cell
 * they lie in), and households are re-binned from only the households in their areas (so no bin
 * mixes in a neighbour's). Filtered tiles are cached under the caller's scope AND the shared
 * tile's ETag, so one scope's tile is never served to another and a changed tile is never stale.
 */
export function createScopedTiles(db: Db, service: TileService) {
  const cache = new Map<string, { body: Uint8Array; etag: string; base: string }>();
  // The filtered tiles made from each shared tile (layer/z/x/y), to drop them with it.
  const byBase = new Map<string, Set<string>>();
  const codeSets = new Map<string, Promise<Set<string>>>();
  const cellMasks = new WeakMap<LoadedCellIndex, Map<string, Uint8Array>>();
  const forget = (key: string) => {
    const entry = cache.get(key);
    if (!entry) return;
    cache.delete(key);
    const set = byBase.get(entry.base);
    set?.delete(key);
    if (set?.size === 0) byBase.delete(entry.base);
  };
  const forgetBase = (base: string) => {
    for (const key of byBase.get(base) ?? []) cache.delete(key);
    byBase.delete(base);
  };
  // A changed shared tile has a new ETag, so its filtered copies would not be found again; but a
  // household moved within one bin leaves the shared tile's bytes as they were while changing
  // a scope's: drop the copies with the shared tile, whatever its new bytes.
  service.onDrop((keys) => keys.forEach(forgetBase));
  onAreasChanged(db, ({ bbox }) => {
    codeSets.clear();
    // The areas' new shapes hold other points: the filtered point tiles in the box change while
    // the shared ones (which draw every point) do not.
    for (const base of [...byBase.keys()]) {
      const [layer, z, x, y] = base.split('/');
      if (AREA_LAYER_NAMES.has(layer)) continue;
      if (!bbox || bboxesIntersect(bbox, tileLonLatBounds({ z: +z, x: +x, y: +y }))) forgetBase(base);
    }
  });

  const codesIn = (scope: string[]) => {
    const key = scope.join(',');
    let set = codeSets.get(key);
    if (!set) {
      set = selectCodesInScope(db, scope).then((codes) => new Set(codes));
      set.catch(() => codeSets.delete(key));
      codeSets.set(key, set);
    }
    return set;
  };

  /** Whether a point (lon, lat) lies in a cell under `scope`, from the in-memory cell index. */
  const pointKeeper = async (scope: string[]) => {
    const loaded = await getCellIndex(db);
    let masks = cellMasks.get(loaded);
    if (!masks) cellMasks.set(loaded, (masks = new Map()));
    const key = scope.join(',');
    let mask = masks.get(key);
    if (!mask) {
      mask = Uint8Array.from(loaded.links, (_l, i) => (inScope(cellChain(loaded, i).map((c) => c.code), scope) ? 1 : 0));
      masks.set(key, mask);
    }
    const out = newLocated();
    const m = mask;
    return (lon: number, lat: number) => {
      const r = locatePoint(loaded.index, lon, lat, out);
      return r.cell >= 0 && m[r.cell] === 1;
    };
  };

  return {
    async get(layer: string, tile: Tile, view: TileView): Promise<ViewedTile> {
      const base = await service.get(layer, tile);
      const households = layer === 'households' && (view.aggregateOnly || view.scope !== null);
      if (view.scope === null && !households) return { body: base.body, etag: base.etag, hit: base.hit };
      const key = `${view.scope?.join(',') ?? '*'}|${view.aggregateOnly ? `k${view.minCount}` : ''}|${layer}/${tile.z}/${tile.x}/${tile.y}|${base.etag}`;
      const hit = cache.get(key);
      if (hit) {
        cache.delete(key);
        cache.set(key, hit);
        return { body: hit.body, etag: hit.etag, hit: true };
      }
      let body: Uint8Array;
      if (households) {
        const keep = view.scope === null ? undefined : await pointKeeper(view.scope);
        body = await householdTile(tile, service.context.householdIndex, {
          keep: keep && ((x, y) => keep(...mercatorToLonLat(x, y))),
          aggregateOnly: view.aggregateOnly,
          minCount: view.minCount,
        });
      } else if (AREA_LAYER_NAMES.has(layer)) {
        const codes = await codesIn(view.scope!);
        body = filterTile(base.body, (f) => codes.has(String(f.properties.code)));
      } else {
        const keep = await pointKeeper(view.scope!);
        const [minx, miny, maxx, maxy] = tileMercatorBounds(tile);
        body = filterTile(base.body, (f) => {
          const [p] = f.loadGeometry()[0];
          const x = minx + (p.x / f.extent) * (maxx - minx);
          const y = maxy - (p.y / f.extent) * (maxy - miny);
          return keep(...mercatorToLonLat(x, y));
        });
      }
      const baseKey = `${layer}/${tile.z}/${tile.x}/${tile.y}`;
      const entry = { body, etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`, base: baseKey };
      cache.set(key, entry);
      byBase.set(baseKey, (byBase.get(baseKey) ?? new Set()).add(key));
      if (cache.size > MAX_ENTRIES) forget(cache.keys().next().value!);
      return { body, etag: entry.etag, hit: false };
    },
  };
}

/** The tile with only the features `keep` accepts, every layer re-encoded. */
function filterTile(body: Uint8Array, keep: (f: VectorTileFeature) => boolean): Uint8Array {
  if (body.byteLength === 0) return body;
  const decoded = new VectorTile(new PbfReader(body));
  const layers: TileLayer[] = [];
  for (const [name, layer] of Object.entries(decoded.layers)) {
    const features: TileFeature[] = [];
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      if (!keep(f)) continue;
      if (f.type === 1) features.push({ id: f.id, type: 'point', points: f.loadGeometry().flat().map((p): [number, number] => [p.x, p.y]), properties: f.properties });
      else if (f.type === 3) {
        const polygons = classifyRings(f.loadGeometry()).map((poly) => poly.map((ring) => ring.map((p): [number, number] => [p.x, p.y])));
        features.push({ id: f.id, type: 'polygon', polygons, properties: f.properties });
      }
    }
    layers.push({ name, features, extent: layer.extent });
  }
  return encodeMvt(layers);
}
