import * as maplibregl from 'maplibre-gl';
import type { Map as MapLibreMap, MapGeoJSONFeature, StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { MapLibreOverlay } from '@deck.gl/maplibre';
import type { LayersList } from '@deck.gl/core';
import { AREA_LEVELS, LABEL_FONT, areaLayerSpecs, gridFillColour, type AreaLevelStyle, type ColourMode } from './area_layers.ts';
import { facilityColourExpression } from './facility_style.ts';
import { COVERAGE_COLOURS } from './coverage_problems.ts';
import { eventColour, eventRing, type EventPoint, type HeatCell } from './event_layers.ts';
import { STAFF_LAYER_IDS, staffLayerSpecs, type StaffLayerStyle } from './staff_layers.ts';
import { FIELD_LAYERS, FIELD_SOURCES, positionFeatures } from './field_layers.ts';
import { Protocol as PmtilesProtocol } from 'pmtiles';
import { basemapParts, type BasemapParts, type OfferedBasemap } from './basemap_sources.ts';
import { BASEMAP_PREFIX, LAND_COLOUR } from './basemap_style.ts';

maplibregl.setWorkerUrl(workerUrl);
// `pmtiles://…` sources: the offline basemap, read from one file by HTTP range requests.
maplibregl.addProtocol('pmtiles', new PmtilesProtocol().tile);
// Starts MapLibre's workers (fetching and compiling their 500 KB script) now, while the page
// still waits for its first answers and builds the map, not after.
maplibregl.prewarm();

export type Bbox = [number, number, number, number];
/** Groups of layers a panel can switch on and off. */
export type LayerGroup = 'households' | 'facilities' | 'events' | 'coverage' | 'staff';
export type HouseholdMode = 'density' | 'points';
/** deck.gl's modules and the overlay, as a page that draws its own deck.gl layers receives them. */
export interface DeckModules {
  overlay: MapLibreOverlay;
  layers: typeof import('@deck.gl/layers');
  aggregation: typeof import('@deck.gl/aggregation-layers');
}

/** What a click on the map found: the deepest area under the pointer. */
export interface AreaPick {
  code: string;
  name: string;
  level: string;
  kind: string;
}

const GROUP_LAYERS: Record<Exclude<LayerGroup, 'events'>, string[]> = {
  households: ['households-heat', 'households-points'],
  facilities: ['facilities-points', 'facilities-label'],
  coverage: ['coverage-fill', 'coverage-line', 'coverage-points', 'coverage-focus'],
  staff: [...STAFF_LAYER_IDS],
};

/**
 * The one owner of the MapLibre map and its deck.gl overlay: views ask it to show things, none
 * touches the map itself. The area tree, households and facilities come as vector tiles from
 * /tiles; events are drawn by deck.gl (heatmap and points); coverage problems as GeoJSON.
 * Works with no remote basemap; an optional raster basemap URL goes underneath.
 */
export class GridMap {
  readonly map: MapLibreMap;
  private overlay: MapLibreOverlay | null = null;
  private deckLoading: ReturnType<GridMap['deck']> | null = null;
  private events: { points: EventPoint[]; heat: HeatCell[] } = { points: [], heat: [] };
  private eventsVisible = false;
  private householdMode: HouseholdMode = 'density';
  private visible = new Set<LayerGroup>();
  // map.loaded() is false again whenever tiles are loading, after 'load' has fired for good: the
  // promise remembers that the style loaded once, so a late caller does not wait forever.
  private readonly whenLoaded: Promise<void>;
  private readonly origin: string;
  private areaTilesVersion = 0;
  /** The area levels drawn, top down (the tree's own, from areaLevelStyles, or the default five). */
  readonly levels: readonly AreaLevelStyle[];

  private basemapList: OfferedBasemap[] = [];
  private basemapId = 'none';

  /**
   * `bounds` (the tiles' extent) opens the map on them, so its first tiles are the ones shown; else
   * `center` and `zoom`. `basemaps` (GET /api/config's list and choice) puts a basemap underneath,
   * switchable with setBasemap; without it, `basemapUrl`, a raster template, does. `levels`: the
   * area levels to draw (areaLevelStyles of GET /tiles/layers.json), the default ones when absent.
   */
  constructor(container: HTMLElement, options: { basemapUrl: string | null; basemaps?: { basemaps: OfferedBasemap[]; basemap: string }; origin?: string; center?: [number, number]; zoom?: number; bounds?: Bbox; levels?: readonly AreaLevelStyle[] }) {
    const origin = (this.origin = options.origin ?? location.origin);
    this.levels = options.levels ?? AREA_LEVELS;
    this.basemapList = options.basemaps?.basemaps ?? [];
    const first = this.basemapList.find((b) => b.id === options.basemaps?.basemap);
    // A style is fetched first, so it joins after the map's load; the others are in the first style.
    const initialParts = first && first.kind !== 'style' ? basemapParts(first, origin) : null;
    if (initialParts) this.basemapId = first!.id;
    this.map = new maplibregl.Map({
      container,
      center: options.center ?? [120.0853, 29.3042],
      zoom: options.zoom ?? 12,
      bounds: options.bounds,
      fitBoundsOptions: { padding: 40, maxZoom: 14 },
      attributionControl: false,
      // Chinese labels are drawn from the browser's own fonts (Noto Sans CJK here): no font files
      // to fetch, so the map works offline. See docs/PERFORMANCE.md and README for why.
      localIdeographFontFamily: "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif",
      style: initialStyle(origin, options.basemaps ? null : options.basemapUrl, initialParts, first?.kind === 'pmtiles', this.levels),
      // Lets a test or a person copy the canvas (screenshots, pixel read-back).
      canvasContextAttributes: { preserveDrawingBuffer: true },
      // Labels appear at once instead of fading in over 300 ms: the map is ready (idle) that
      // much sooner, after every load and every move.
      fadeDuration: 0,
    });
    this.whenLoaded = new Promise((resolve) => this.map.once('load', () => resolve()));
    if (first?.kind === 'style') void this.setBasemap(first.id);
    this.map.addControl(new maplibregl.NavigationControl(), 'top-right');
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    // Labels give names; an area's code shows on hover (the browser's tooltip), as in the card.
    this.map.on('mousemove', (e) => {
      const area = this.areaAt(e.point);
      const canvas = this.map.getCanvas();
      const title = area ? `${area.name} · ${area.code}` : '';
      if (canvas.title !== title) canvas.title = title;
    });
  }

  /**
   * deck.gl (about 800 KB of script) is loaded the first time events are shown, so the first view
   * does not wait for it, and joins the map after its `load`, as MapLibreOverlay requires.
   */
  private async deck(): Promise<DeckModules> {
    this.deckLoading ??= (async () => {
      await this.loaded();
      const [{ MapLibreOverlay }, layers, aggregation] = await Promise.all([
        import('@deck.gl/maplibre'),
        import('@deck.gl/layers'),
        import('@deck.gl/aggregation-layers'),
      ]);
      const overlay = new MapLibreOverlay({ interleaved: false, layers: [] });
      this.map.addControl(overlay);
      this.overlay = overlay;
      return { overlay, layers, aggregation };
    })();
    return this.deckLoading;
  }

  loaded(): Promise<void> {
    return this.whenLoaded;
  }

  /** The basemaps configured on the server, and the one shown ('none' for none). */
  basemaps(): { basemaps: OfferedBasemap[]; current: string } {
    return { basemaps: this.basemapList, current: this.basemapId };
  }

  /**
   * Shows another configured basemap (or none) under the areas: the old one's layers and sources
   * go, the new one's are put beneath the first area layer. A MapLibre style is fetched first.
   */
  async setBasemap(id: string): Promise<void> {
    const b = this.basemapList.find((x) => x.id === id);
    const style = b?.kind === 'style' ? ((await (await fetch(b.url)).json()) as StyleSpecification) : undefined;
    await this.loaded();
    const map = this.map;
    for (const l of map.getStyle().layers) if (l.id.startsWith(BASEMAP_PREFIX)) map.removeLayer(l.id);
    for (const s of Object.keys(map.getStyle().sources)) if (s.startsWith(BASEMAP_PREFIX)) map.removeSource(s);
    this.basemapId = b ? b.id : 'none';
    map.setPaintProperty('background', 'background-color', b?.kind === 'pmtiles' ? LAND_COLOUR : PLAIN_BACKGROUND);
    if (!b) return;
    const parts = basemapParts(b, this.origin, style);
    if (parts.glyphs) map.setGlyphs(parts.glyphs);
    if (parts.sprite) map.addSprite(BASEMAP_PREFIX, parts.sprite);
    const before = map.getStyle().layers.find((l) => l.id !== 'background' && !l.id.startsWith(BASEMAP_PREFIX))?.id;
    for (const [sid, source] of Object.entries(parts.sources)) map.addSource(sid, source);
    for (const layer of parts.layers) if (layer.type !== 'background') map.addLayer(layer, before);
  }

  /** Resolves when everything asked for so far has been drawn (MapLibre's `idle`). */
  drawn(): Promise<void> {
    return new Promise((resolve) => {
      if (this.map.loaded() && this.map.areTilesLoaded() && !this.map.isMoving()) {
        // Already idle: wait one frame so that a just-made change is drawn.
        this.map.once('idle', () => resolve());
        this.map.triggerRepaint();
      } else this.map.once('idle', () => resolve());
    });
  }

  /**
   * Fetches every area layer's tiles again (after the published tree changed): a new URL per
   * reload, so that nothing in the browser answers for the old shapes. Feature-state (the sizing
   * colours) is kept by feature id; the caller sets it again when counts changed.
   */
  reloadAreaTiles(): void {
    const v = ++this.areaTilesVersion;
    for (const l of this.levels) {
      this.map.getSource<maplibregl.VectorTileSource>(`areas-${l.layer}`)?.setTiles([`${tileUrl(this.origin, l.layer)}?v=${v}`]);
    }
  }

  setColourMode(mode: ColourMode): void {
    this.map.setPaintProperty('grids-fill', 'fill-color', gridFillColour(mode));
    this.map.setPaintProperty('grids-fill', 'fill-opacity', mode === 'sizing' ? 0.45 : 0.18);
  }

  /** Attaches per-area state (sizing status, counts) to an area layer's features by their id. */
  setAreaStates(layer: string, states: { id: number; state: Record<string, unknown> }[]): void {
    for (const { id, state } of states) this.map.setFeatureState({ source: `areas-${layer}`, sourceLayer: layer, id }, state);
  }

  setVisible(group: LayerGroup, on: boolean): void {
    if (on) this.visible.add(group);
    else this.visible.delete(group);
    if (group === 'events') {
      this.eventsVisible = on;
      this.renderEvents();
      return;
    }
    for (const id of GROUP_LAYERS[group]) {
      let show = on;
      if (group === 'households') show = on && (id === 'households-heat') === (this.householdMode === 'density');
      this.map.setLayoutProperty(id, 'visibility', show ? 'visible' : 'none');
    }
  }

  isVisible(group: LayerGroup): boolean {
    return this.visible.has(group);
  }

  setHouseholdMode(mode: HouseholdMode): void {
    this.householdMode = mode;
    this.setVisible('households', this.visible.has('households'));
  }

  /** Coverage problems (GET /api/coverage) drawn coloured by kind. */
  showCoverage(fc: GeoJSON.FeatureCollection): void {
    // Each problem carries its index, so that one can be outlined by a filter.
    const features = fc.features.map((f, index) => ({ ...f, properties: { ...f.properties, index } }));
    (this.map.getSource('coverage') as maplibregl.GeoJSONSource).setData({ type: 'FeatureCollection', features });
  }

  /** Outlines one coverage problem (its index in the collection) and zooms to it. */
  focusCoverage(index: number, bbox: Bbox): void {
    this.map.setFilter('coverage-focus', ['==', ['get', 'index'], index]);
    this.fitBbox(bbox, 18);
  }

  /** Staff and party branch markers (web/map/staff_layers.ts): which grids, colours and text. */
  showStaff(style: StaffLayerStyle): void {
    for (const id of STAFF_LAYER_IDS) this.map.setFilter(id, style.filter);
    this.map.setPaintProperty('staff-worker', 'circle-color', style.workerColour);
    this.map.setLayoutProperty('staff-worker', 'circle-sort-key', style.workerSortKey);
    this.map.setPaintProperty('staff-branch', 'circle-color', style.branchColour);
    this.map.setLayoutProperty('staff-label', 'text-field', style.text);
  }

  /** The event points drawn now (for a test or a panel to read back). */
  shownEvents(): EventPoint[] {
    return this.events.points;
  }

  /** Events for the deck.gl layers: open events as points, and heat cells. */
  showEvents(points: EventPoint[], heat: HeatCell[]): void {
    this.events = { points, heat };
    this.renderEvents();
  }

  /**
   * Draws deck.gl layers a page makes itself (the command centre's live points, the analyst's
   * proposal preview) in place of the one-map's events layers; `make` gets deck.gl once loaded.
   */
  async drawDeckLayers(make: (deck: DeckModules) => LayersList): Promise<void> {
    const deck = await this.deck();
    deck.overlay.setProps({ layers: make(deck) });
  }

  /** Fills grids with a page's own colour expression (the analyst view's deviation classes). */
  setGridFill(colour: maplibregl.ExpressionSpecification | string, opacity: number): void {
    this.map.setPaintProperty('grids-fill', 'fill-color', colour);
    this.map.setPaintProperty('grids-fill', 'fill-opacity', opacity);
  }

  /** Marks one area (by code) on its level's layer; null clears the mark. */
  select(area: { code: string; level: string } | null): void {
    for (const l of this.levels) {
      this.map.setFilter(`${l.layer}-selected`, ['==', ['get', 'code'], area && area.level === l.level ? area.code : '']);
    }
  }

  fitBbox(bbox: Bbox, maxZoom = 17): void {
    this.map.fitBounds([[bbox[0], bbox[1]], [bbox[2], bbox[3]]], { padding: 40, duration: 0, maxZoom });
  }

  jumpTo(center: [number, number], zoom: number): void {
    this.map.jumpTo({ center, zoom });
  }

  /** Calls `fn` with the deepest area under each click (the deepest level drawn first: units before grids before communities). */
  onAreaClick(fn: (area: AreaPick | null, lngLat: [number, number]) => void): void {
    this.map.on('click', (e) => fn(this.areaAt(e.point), [e.lngLat.lng, e.lngLat.lat]));
  }

  /** The deepest drawn area at a screen point. */
  areaAt(point: { x: number; y: number }): AreaPick | null {
    // A staff marker stands for its grid (it may sit just outside it, lifted above the label).
    const fills = [...this.levels].reverse().map((l) => `${l.layer}-fill`);
    const layers = ['staff-worker', 'staff-branch', ...fills].filter((id) => this.map.getLayer(id));
    const found = this.map.queryRenderedFeatures([point.x, point.y], { layers });
    const byDepth = (f: MapGeoJSONFeature) => layers.indexOf(f.layer.id);
    const best = found.sort((a, b) => byDepth(a) - byDepth(b))[0];
    if (!best) return null;
    const p = best.properties as Record<string, string>;
    return { code: p.code, name: p.name, level: p.level, kind: p.kind };
  }

  /** The phone's layers (field_layers.ts), added the first time they are asked for. */
  private async fieldLayers(): Promise<void> {
    await this.loaded();
    if (this.map.getSource('field-area')) return;
    for (const [id, source] of Object.entries(FIELD_SOURCES)) this.map.addSource(id, source);
    for (const layer of FIELD_LAYERS) this.map.addLayer(layer);
  }

  /** Outlines the user's own area (their grid) over the area tiles. */
  async showOwnArea(geometry: GeoJSON.Geometry): Promise<void> {
    await this.fieldLayers();
    this.map.getSource<maplibregl.GeoJSONSource>('field-area')!.setData({ type: 'Feature', properties: {}, geometry });
  }

  /** The units of the user's own area, outlined from GeoJSON (they show offline, unlike the tiles). */
  async showOwnUnits(fc: GeoJSON.FeatureCollection): Promise<void> {
    await this.fieldLayers();
    this.map.getSource<maplibregl.GeoJSONSource>('field-units')!.setData(fc);
  }

  /** Where the phone is, with its accuracy as a circle; null hides it. */
  async showPosition(p: { lon: number; lat: number; accuracy: number } | null): Promise<void> {
    await this.fieldLayers();
    this.map.getSource<maplibregl.GeoJSONSource>('field-position')!.setData(positionFeatures(p));
  }

  private pin: maplibregl.Marker | null = null;

  /** A draggable pin for the place of a report; `onMove` hears where it is dropped. Null removes it. */
  placePin(at: [number, number] | null, onMove: (lngLat: [number, number]) => void = () => undefined): void {
    if (!at) {
      this.pin?.remove();
      this.pin = null;
      return;
    }
    if (!this.pin) {
      this.pin = new maplibregl.Marker({ draggable: true, color: '#e03131' }).setLngLat(at).addTo(this.map);
      this.pin.getElement().classList.add('report-pin');
    } else this.pin.setLngLat(at);
    this.pin.off('dragend', this.pinMoved);
    this.pinMoved = () => {
      const p = this.pin!.getLngLat();
      onMove([p.lng, p.lat]);
    };
    this.pin.on('dragend', this.pinMoved);
  }

  private pinMoved: () => void = () => undefined;

  /**
   * Hears the map's errors (a tile that failed to load …) instead of MapLibre's default, which
   * logs each to the console: the phone, offline, expects tiles it does not hold to fail.
   */
  onError(fn: (error: { message: string }) => void): void {
    this.map.on('error', (e) => fn(e.error));
  }

  /** Leaves `px` at the bottom of the map out of its centre (a sheet covers it), so that what is centred stays in sight. */
  setBottomPadding(px: number): void {
    this.map.setPadding({ top: 0, left: 0, right: 0, bottom: px });
  }

  /** Centres the map on a point, zooming in to at least `zoom`. */
  easeTo(center: [number, number], zoom: number): void {
    this.map.jumpTo({ center, zoom: Math.max(zoom, this.map.getZoom()) });
  }

  /** Resolves once the events layers are drawn (or hidden) as last asked. */
  eventsDrawn: Promise<void> = Promise.resolve();

  private renderEvents(): void {
    if (!this.overlay && !this.eventsVisible) return;
    this.eventsDrawn = this.deck().then(({ overlay, layers: { ScatterplotLayer }, aggregation: { HeatmapLayer } }) => this.drawEvents(overlay, ScatterplotLayer, HeatmapLayer));
  }

  private drawEvents(
    overlay: MapLibreOverlay,
    ScatterplotLayer: typeof import('@deck.gl/layers').ScatterplotLayer,
    HeatmapLayer: typeof import('@deck.gl/aggregation-layers').HeatmapLayer,
  ): void {
    const on = this.eventsVisible;
    overlay.setProps({
      layers: [
        new HeatmapLayer<HeatCell>({
          id: 'events-heat',
          data: this.events.heat,
          visible: on,
          getPosition: (d) => d.position,
          getWeight: (d) => d.weight,
          radiusPixels: 40,
        }),
        new ScatterplotLayer<EventPoint>({
          id: 'events-points',
          data: this.events.points,
          visible: on,
          getPosition: (d) => d.position,
          getFillColor: (d) => eventColour(d),
          getLineColor: (d) => eventRing(d),
          getLineWidth: (d) => (d.overdue ? 3 : 1),
          lineWidthUnits: 'pixels',
          stroked: true,
          lineWidthMinPixels: 1,
          radiusMinPixels: 4,
          radiusMaxPixels: 9,
          getRadius: 12,
          pickable: true,
        }),
      ],
    });
  }
}

/** The URL template of a tile layer's tiles. */
const tileUrl = (origin: string, layer: string) => `${origin}/tiles/${layer}/{z}/{x}/{y}.mvt`;

const PLAIN_BACKGROUND = '#eef1f4';

function initialStyle(origin: string, basemapUrl: string | null, basemap: BasemapParts | null, land: boolean, levels: readonly AreaLevelStyle[]): StyleSpecification {
  const vector = (layer: string) => ({ type: 'vector' as const, tiles: [tileUrl(origin, layer)], minzoom: 0, maxzoom: 16 });
  const hidden = { visibility: 'none' as const };
  return {
    version: 8,
    sources: {
      ...(basemapUrl ? { basemap: { type: 'raster' as const, tiles: [basemapUrl], tileSize: 256 } } : {}),
      ...basemap?.sources,
      ...Object.fromEntries(levels.map((l) => [`areas-${l.layer}`, vector(l.layer)])),
      households: vector('households'),
      facilities: vector('facilities'),
      coverage: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': land ? LAND_COLOUR : PLAIN_BACKGROUND } },
      ...(basemapUrl ? [{ id: 'basemap', type: 'raster' as const, source: 'basemap' }] : []),
      ...(basemap?.layers ?? []),
      ...areaLayerSpecs('kind', levels),
      {
        id: 'households-heat',
        type: 'heatmap',
        source: 'households',
        'source-layer': 'households',
        layout: hidden,
        paint: {
          // A bin of 60 households weighs as much as a point can: dense centres show as red
          // without the whole town saturating.
          // Single households (zoom 15 on) weigh a quarter each.
          'heatmap-weight': ['case', ['has', 'count'], ['interpolate', ['linear'], ['get', 'count'], 0, 0, 60, 1], 0.25],
          'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 10, 0.6, 14, 1, 16, 1.5],
          // Bins are 8 px apart: a radius of twice that smooths them into a surface.
          'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 10, 14, 14, 20, 16, 12],
          'heatmap-opacity': 0.75,
        },
      },
      {
        id: 'households-points',
        type: 'circle',
        source: 'households',
        'source-layer': 'households',
        layout: hidden,
        paint: {
          'circle-radius': ['case', ['has', 'count'], ['min', 12, ['+', 1.5, ['sqrt', ['get', 'count']]]], 2.5],
          'circle-color': '#3d85c6',
          'circle-opacity': 0.7,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 0.5,
        },
      },
      {
        id: 'coverage-fill',
        type: 'fill',
        source: 'coverage',
        layout: hidden,
        paint: { 'fill-color': ['match', ['get', 'kind'], ...Object.entries(COVERAGE_COLOURS).flat(), '#666666'] as never, 'fill-opacity': 0.6 },
      },
      {
        id: 'coverage-line',
        type: 'line',
        source: 'coverage',
        layout: hidden,
        paint: { 'line-color': ['match', ['get', 'kind'], ...Object.entries(COVERAGE_COLOURS).flat(), '#666666'] as never, 'line-width': 3 },
      },
      {
        // Orphan households and facilities come as points.
        id: 'coverage-points',
        type: 'circle',
        source: 'coverage',
        layout: hidden,
        filter: ['==', ['geometry-type'], 'Point'],
        paint: { 'circle-radius': 6, 'circle-color': ['match', ['get', 'kind'], ...Object.entries(COVERAGE_COLOURS).flat(), '#666666'] as never, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 },
      },
      {
        id: 'coverage-focus',
        type: 'line',
        source: 'coverage',
        layout: hidden,
        filter: ['==', ['get', 'index'], -1],
        paint: { 'line-color': '#ff00aa', 'line-width': 5 },
      },
      {
        id: 'facilities-points',
        type: 'circle',
        source: 'facilities',
        'source-layer': 'facilities',
        layout: hidden,
        paint: { 'circle-radius': 5.5, 'circle-color': facilityColourExpression(), 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 },
      },
      {
        id: 'facilities-label',
        type: 'symbol',
        source: 'facilities',
        'source-layer': 'facilities',
        minzoom: 15,
        layout: { ...hidden, 'text-field': ['get', 'name'], 'text-font': LABEL_FONT, 'text-size': 11, 'text-offset': [0, 1.1], 'text-anchor': 'top', 'text-optional': true },
        paint: { 'text-color': '#333333', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
      },
      ...staffLayerSpecs(),
    ],
  };
}
