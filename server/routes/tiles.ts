import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { NotFoundError } from '../errors.ts';
import { createTileService } from '../tiles/tile_service.ts';
import { AREA_LAYER_LEVELS, TILE_LAYERS, areaLayerNameOf, areaLevelOfLayer, tileLayerFor } from '../tiles/tile_layers.ts';
import { areaLevels } from '../services/area_levels.ts';
import { selectAreaCounts } from '../tiles/select_area_counts.ts';
import { selectTileBounds } from '../tiles/select_tile_bounds.ts';
import { createScopedTiles, type TileView } from '../tiles/scoped_tiles.ts';
import { selectCodesInScope } from '../db/queries/select_codes_in_scope.ts';
import { selectSizingRules } from '../db/queries/select_sizing_rules.ts';
import { householdsVerdict } from '../domain/sizing/households_verdict.ts';
import { kAnonymity, requirePermission, scopeOf } from './access.ts';
import { parseWith } from './validate.ts';
import { publicBase } from './public_base.ts';
import { compressTile, encodedEtag, noneMatchHits, tileEncoding } from '../tiles/tile_encoding.ts';

const tileParams = z.object({
  layer: z.string(),
  z: z.coerce.number().int('z must be a whole number').min(0).max(22),
  x: z.coerce.number().int('x must be a whole number').min(0),
  y: z.coerce.number().int('y must be a whole number').min(0),
});

/**
 * Vector tiles: /tiles/{layer}/{z}/{x}/{y}.mvt for every layer in tile_layers.ts (the area
 * tiles a map opens on rendered at start up to `seedMaxZoom`; 0 or absent: none), TileJSON at
 * /tiles/{layer}.json, the list at /tiles/layers.json, and per-area counts for an area layer at
 * /tiles/{layer}/counts.json (joined to the tiles' feature ids by the map, as feature-state).
 * Everything needs areas.read; tiles and counts hold only the caller's subtrees (scoped_tiles.ts),
 * and a caller without households.read sees households as bins of at least k, never points.
 */
export function tilesRouter(db: Db, options: { seedMaxZoom?: number; publicMetadata?: boolean } = {}): Router {
  const router = Router();
  const service = createTileService(db);
  if (options.seedMaxZoom) {
    void service.seed(options.seedMaxZoom).catch((err) => console.warn(`tile seeding stopped: ${err instanceof Error ? err.message : err}`));
  }
  const scoped = createScopedTiles(db, service);
  // A layer's TileJSON may be public (the administrator's choice): without sign-in it gives no bounds.
  const signedIn = requirePermission(db, 'areas.read');
  const tileJson = /^\/[^/]+\.json$/;
  router.use((req, res, next) => (options.publicMetadata && tileJson.test(req.path) && req.path !== '/layers.json' ? next() : signedIn(req, res, next)));
  const viewOf = (req: Request): TileView => ({
    scope: scopeOf(req, 'areas.read'),
    aggregateOnly: scopeOf(req, 'households.read')?.length === 0,
    minCount: kAnonymity(),
  });

  // The area layers of the levels the tree uses come first, top down, each with its level and
  // depth (the one-map draws them in that order); then the default levels it does not use, then
  // the registers.
  router.get('/layers.json', async (req, res) => {
    const levels = await areaLevels(db);
    const names = levels.map((l) => l.level);
    const used = levels.map((l) => ({ spec: tileLayerFor(areaLayerNameOf(l.level), names)!, level: l.level, depth: l.depth }));
    const usedNames = new Set(used.map((u) => u.spec.name));
    const rest = [...TILE_LAYERS.values()].filter((l) => !usedNames.has(l.name)).map((spec) => ({ spec, level: AREA_LAYER_LEVELS.get(spec.name) ?? null, depth: null }));
    res.json({
      layers: [...used, ...rest].map(({ spec, level, depth }) => ({
        name: spec.name, description: spec.description, tilejson: `${publicBase(req)}/tiles/${spec.name}.json`,
        ...(spec.source === 'areas' ? { level, depth } : {}),
      })),
    });
  });

  router.get('/:layer.json', async (req, res) => {
    const spec = tileLayerFor(req.params.layer, (await areaLevels(db)).map((l) => l.level));
    if (!spec) throw new NotFoundError(`No tile layer "${req.params.layer}": use one of ${[...TILE_LAYERS.keys()].join(', ')}.`);
    const scope = scopeOf(req, 'areas.read');
    const bounds = scope !== null && scope.length === 0 ? null : await selectTileBounds(db, scope);
    res.json({
      tilejson: '3.0.0',
      name: spec.name,
      description: spec.description,
      scheme: 'xyz',
      tiles: [`${publicBase(req)}/tiles/${spec.name}/{z}/{x}/{y}.mvt`],
      minzoom: spec.minzoom,
      maxzoom: spec.maxzoom,
      ...(bounds ? { bounds, center: [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, 12] } : {}),
      vector_layers: [
        { id: spec.name, description: spec.description, minzoom: spec.minzoom, maxzoom: spec.maxzoom, fields: spec.fields },
        ...(spec.source === 'areas'
          ? [{ id: `${spec.name}_label`, description: 'One label point per area, in the tile that holds it', minzoom: spec.minzoom, maxzoom: spec.maxzoom, fields: { code: 'String', name: 'String', level: 'String', kind: 'String' } }]
          : []),
      ],
    });
  });

  router.get('/:layer/counts.json', async (req, res) => {
    const level = areaLevelOfLayer(req.params.layer, (await areaLevels(db)).map((l) => l.level));
    if (!level) throw new NotFoundError(`No area layer "${req.params.layer}": counts exist for ${[...AREA_LAYER_LEVELS.keys()].join(', ')}.`);
    const scope = scopeOf(req, 'areas.read');
    const [all, rules] = await Promise.all([selectAreaCounts(db, level), selectSizingRules(db)]);
    let areas = all;
    if (scope !== null) {
      const codes = new Set(await selectCodesInScope(db, scope));
      areas = areas.filter((a) => codes.has(a.code));
    }
    // Each area's sizing verdict comes with its counts: the map colours by it and never applies the rules itself.
    const withVerdict = areas.map((a) => ({ ...a, sizing: householdsVerdict(rules, level, a.kind, a.households) }));
    res.set('Cache-Control', 'no-cache').json({ layer: req.params.layer, level, areas: withVerdict });
  });

  router.get('/:layer/:z/:x/:y.mvt', async (req: Request, res: Response) => {
    const p = parseWith(tileParams, req.params, 'query');
    const tile = await scoped.get(p.layer, { z: p.z, x: p.x, y: p.y }, viewOf(req));
    // Every layer's tiles are dropped from the server's cache as soon as an edit or a write
    // touches them: the browser revalidates every time, answered by a 304 from that cache.
    // They differ by who asks: private to the browser, and a shared cache must key on the cookie.
    // Compressed by Accept-Encoding (brotli, gzip), each encoding with its own strong ETag; an
    // If-None-Match naming any of them, weak (W/) or strong, is a 304.
    const encoding = tile.body.byteLength === 0 ? null : tileEncoding(req.headers['accept-encoding']);
    const etag = encodedEtag(tile.etag, encoding);
    res.set({
      'Content-Type': 'application/vnd.mapbox-vector-tile',
      'Cache-Control': 'private, no-cache',
      Vary: 'Authorization, Cookie, Accept-Encoding',
      ETag: etag,
      'X-Tile-Cache': tile.hit ? 'hit' : 'miss',
      'Access-Control-Allow-Origin': '*',
    });
    if (noneMatchHits(req.headers['if-none-match'], [tile.etag, encodedEtag(tile.etag, 'br'), encodedEtag(tile.etag, 'gzip')])) {
      res.status(304).end();
      return;
    }
    // Nothing of the layer in this tile: 204, as tile clients expect, rather than a 200 with no bytes.
    if (tile.body.byteLength === 0) {
      res.status(204).end();
      return;
    }
    const raw = Buffer.from(tile.body.buffer, tile.body.byteOffset, tile.body.byteLength);
    if (!encoding) return void res.status(200).end(raw);
    res.set('Content-Encoding', encoding).status(200).end(await compressTile(tile.body, tile.etag, encoding));
  });

  return router;
}
