import { urlOrigin } from './url_origin.ts';

/** What the web app needs to draw one basemap (GET /api/config's `basemaps`). */
export type OfferedBasemap =
  /** A PMTiles archive of vector tiles in the Protomaps schema, drawn with Gridwork's zh-CN style. */
  | { id: 'offline'; kind: 'pmtiles'; url: string }
  /** Raster tile layers drawn bottom to top (Tianditu's map, then its annotation); each lists one template per server. */
  | { id: 'tianditu-vec' | 'tianditu-img' | 'xyz'; kind: 'raster'; layers: string[][]; attribution: string }
  /** A MapLibre style whose sources and layers go under the areas. */
  | { id: 'style'; kind: 'style'; url: string };

export interface BasemapSettings {
  /** A PMTiles file on the server's disk (GRIDWORK_BASEMAP_FILE, or the demo town's). */
  basemapFile?: string;
  /** A Tianditu key (GRIDWORK_TIANDITU_KEY): its vector and imagery maps with annotation. */
  tiandituKey?: string;
  /** An XYZ raster template (GRIDWORK_BASEMAP_URL). */
  basemapUrl?: string;
  /** A MapLibre style URL (GRIDWORK_BASEMAP_STYLE_URL). */
  basemapStyleUrl?: string;
  /** The basemap the map opens on (GRIDWORK_BASEMAP): an offered id, or `none`; unset: the first offered. */
  basemap?: string;
}

/** The URL the server answers the offline basemap's range requests on. */
export const OFFLINE_BASEMAP_PATH = '/basemap/offline.pmtiles';

/**
 * The basemaps configured, in the order the switcher lists them, and the one to open on.
 * Tianditu's WMTS in Web Mercator (`_w`), CGCS2000 ≈ WGS84, so the areas sit on it unshifted;
 * its key is a browser key (the browser sends it with each tile), so it reaches the page.
 *
 * @example offeredBasemaps({ basemapUrl: 'https://tiles.example.org/{z}/{x}/{y}.png' }) // { basemaps: [{ id: 'xyz', … }], initial: 'xyz' }
 */
export function offeredBasemaps(s: BasemapSettings): { basemaps: OfferedBasemap[]; initial: string } {
  const basemaps: OfferedBasemap[] = [];
  if (s.basemapFile) basemaps.push({ id: 'offline', kind: 'pmtiles', url: OFFLINE_BASEMAP_PATH });
  if (s.tiandituKey) {
    const wmts = (layer: string) =>
      Array.from({ length: 8 }, (_, i) =>
        `https://t${i}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(s.tiandituKey!)}`);
    const attribution = '天地图 Tianditu';
    basemaps.push({ id: 'tianditu-vec', kind: 'raster', layers: [wmts('vec'), wmts('cva')], attribution });
    basemaps.push({ id: 'tianditu-img', kind: 'raster', layers: [wmts('img'), wmts('cia')], attribution });
  }
  if (s.basemapUrl) basemaps.push({ id: 'xyz', kind: 'raster', layers: [[s.basemapUrl]], attribution: '' });
  if (s.basemapStyleUrl) basemaps.push({ id: 'style', kind: 'style', url: s.basemapStyleUrl });
  const wanted = s.basemap;
  const initial = wanted === 'none' || basemaps.some((b) => b.id === wanted) ? wanted! : (basemaps[0]?.id ?? 'none');
  return { basemaps, initial };
}

/** The origins the browser fetches basemap tiles and styles from, for the Content-Security-Policy. */
export function basemapOrigins(s: BasemapSettings): string[] {
  const origins: string[] = [];
  if (s.tiandituKey) origins.push('https://*.tianditu.gov.cn');
  for (const url of [s.basemapUrl, s.basemapStyleUrl]) {
    const origin = urlOrigin(url);
    if (origin) origins.push(origin);
  }
  return origins;
}
