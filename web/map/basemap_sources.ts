import type { LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import type { OfferedBasemap } from '../../server/basemap/offered_basemaps.ts';
import { BASEMAP_PREFIX, offlineBasemapLayers } from './basemap_style.ts';

export type { OfferedBasemap };

/** GET /api/config: the basemaps the server offers and the one to open on (basemapUrl: the older raster setting). */
export interface MapConfig {
  basemapUrl: string | null;
  basemaps: OfferedBasemap[];
  basemap: string;
}

/** The sources and layers that draw one basemap, under the areas; ids start with BASEMAP_PREFIX. */
export interface BasemapParts {
  sources: Record<string, SourceSpecification>;
  layers: LayerSpecification[];
  glyphs?: string;
  sprite?: string;
}

/**
 * What a basemap adds to the map: the offline one through the `pmtiles://` protocol (the browser
 * reads the archive by byte range), raster ones as one raster source per layer, a MapLibre style's
 * own sources and layers under new ids. `style` is the fetched style JSON for kind `style`.
 */
export function basemapParts(b: OfferedBasemap, origin: string, style?: StyleSpecification): BasemapParts {
  const p = BASEMAP_PREFIX;
  if (b.kind === 'pmtiles') {
    const source = `${p}offline`;
    return { sources: { [source]: { type: 'vector', url: `pmtiles://${new URL(b.url, origin).href}` } }, layers: offlineBasemapLayers(source) };
  }
  if (b.kind === 'raster') {
    const sources: Record<string, SourceSpecification> = {};
    const layers: LayerSpecification[] = [];
    b.layers.forEach((tiles, i) => {
      sources[`${p}${b.id}-${i}`] = { type: 'raster', tiles, tileSize: 256, maxzoom: 18, attribution: b.attribution };
      layers.push({ id: `${p}${b.id}-${i}`, type: 'raster', source: `${p}${b.id}-${i}` });
    });
    return { sources, layers };
  }
  if (!style) throw new Error(`The basemap style ${b.url} was not loaded.`);
  const rename = (id: string) => `${p}style-${id}`;
  const sources = Object.fromEntries(Object.entries(style.sources).map(([id, s]) => [rename(id), s]));
  const layers = style.layers.map((l) => ({ ...l, id: rename(l.id), ...('source' in l && typeof l.source === 'string' ? { source: rename(l.source) } : {}) }) as LayerSpecification);
  return { sources, layers, glyphs: style.glyphs, sprite: typeof style.sprite === 'string' ? style.sprite : undefined };
}
