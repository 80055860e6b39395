import { gzipSync } from 'node:zlib';
import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { FeatureCollection } from 'geojson';
import type { ArchiveTile } from './write_pmtiles.ts';
import { tilesCovering } from '../tiles/tile_math.ts';

export interface BasemapLayer {
  /** The vector tile layer's name (the Protomaps basemap schema's: water, roads, buildings …). */
  name: string;
  features: FeatureCollection;
  /** The first zoom whose tiles carry this layer. */
  minzoom: number;
}

/**
 * Cuts GeoJSON layers into gzipped Mapbox Vector Tiles for every tile over `bounds` from `minzoom`
 * to `maxzoom` (geojson-vt slices and simplifies, vt-pbf encodes). Tiles with no feature are left
 * out: a reader draws nothing there. Example: cutVectorTiles([{ name: 'water', features, minzoom: 10 }],
 * [120, 29, 120.2, 29.4], 10, 16) → the tiles to hand to writePmtiles.
 */
export function cutVectorTiles(layers: BasemapLayer[], bounds: [number, number, number, number], minzoom: number, maxzoom: number): ArchiveTile[] {
  const indexes = layers.map((l) => ({
    layer: l,
    // tolerance 2 (of 4096) simplifies a little less than the default: roads stay smooth.
    index: new GeoJSONVT(l.features, { maxZoom: maxzoom, indexMaxZoom: maxzoom, tolerance: 2, buffer: 64, wrap: false }),
  }));
  const tiles: ArchiveTile[] = [];
  for (let z = minzoom; z <= maxzoom; z++) {
    for (const { x, y } of tilesCovering(bounds, z)) {
      const parts: Record<string, NonNullable<ReturnType<GeoJSONVT['getTile']>>> = {};
      for (const { layer, index } of indexes) {
        if (z < layer.minzoom) continue;
        const t = index.getTile(z, x, y);
        if (t && t.features.length) parts[layer.name] = t;
      }
      if (Object.keys(parts).length) tiles.push({ z, x, y, data: gzipSync(fromGeojsonVt(parts, { version: 2, extent: 4096 })) });
    }
  }
  return tiles;
}
