import * as maplibregl from 'maplibre-gl';
import type { GeoJSONSource, Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { TerraDraw, TerraDrawLineStringMode, TerraDrawPolygonMode, TerraDrawSelectMode, type GeoJSONStoreFeatures } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import { booleanPointInPolygon } from '@turf/turf';
import { geometryBbox } from '../map/coverage_problems.ts';
import { plannerLayers, withStatus } from './plan_layers.ts';
import { labelPoints } from './label_points.ts';
import type { CellProps, SizingStatus } from './plan_types.ts';

maplibregl.setWorkerUrl(workerUrl);

const SOURCES = ['cells', 'labels', 'units', 'root', 'problems', 'diff'] as const;
type SourceName = (typeof SOURCES)[number];
const empty = (): GeoJSON.FeatureCollection => ({ type: 'FeatureCollection', features: [] });

/** A shape being edited by dragging its vertices: read it when the person applies, or cancel. */
export interface ShapeEdit {
  geometry(): GeoJSON.Polygon | null;
  cancel(): void;
}

/**
 * The one owner of the planner's MapLibre map: the draft's cells, units, coverage problems and
 * diff as GeoJSON sources (a draft is never in the vector tiles), and Terra Draw for drawing lines
 * and shapes and moving vertices. Views ask it to show things and to draw; none touches the map.
 */
export class PlanMap {
  readonly map: MapLibreMap;
  private draw: TerraDraw | null = null;
  private drawing: { cancel(): void } | null = null;
  private cells = empty();
  private units = empty();
  /** Resolves once the style has loaded and Terra Draw has started on it (once, for every caller). */
  private readonly ready: Promise<void>;

  constructor(container: HTMLElement) {
    this.map = new maplibregl.Map({
      container,
      center: [120.0853, 29.3042],
      zoom: 13,
      attributionControl: false,
      // Chinese labels from the browser's own fonts (as the one-map): nothing fetched, works offline.
      localIdeographFontFamily: "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif",
      style: initialStyle(),
      canvasContextAttributes: { preserveDrawingBuffer: true },
      doubleClickZoom: false,
    });
    this.map.addControl(new maplibregl.NavigationControl(), 'top-right');
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    this.ready = new Promise((resolve) => this.map.once('load', () => resolve()));
    void this.ready.then(() => {
      this.draw = new TerraDraw({
        adapter: new TerraDrawMapLibreGLAdapter({ map: this.map }),
        modes: [
          new TerraDrawLineStringMode({ styles: { lineStringColor: '#ff00aa', lineStringWidth: 3 } }),
          new TerraDrawPolygonMode({ styles: { fillColor: '#00a86b', fillOpacity: 0.25, outlineColor: '#00a86b', outlineWidth: 3 } }),
          new TerraDrawSelectMode({
            allowManualDeselection: false,
            flags: { polygon: { feature: { draggable: false, coordinates: { draggable: true, midpoints: true, deletable: true } } } },
            styles: { selectedPolygonColor: '#ff6d00', selectedPolygonFillOpacity: 0.2, selectedPolygonOutlineColor: '#ff6d00', selectedPolygonOutlineWidth: 3, selectionPointColor: '#ff6d00', selectionPointWidth: 5 },
          }),
        ],
      });
      this.draw.start();
    });
  }

  loaded(): Promise<void> {
    return this.ready;
  }

  /** Resolves when what was asked so far is on screen (MapLibre's `idle`). */
  drawn(): Promise<void> {
    return new Promise((resolve) => {
      this.map.once('idle', () => resolve());
      this.map.triggerRepaint();
    });
  }

  /**
   * The API's features carry their area code as `id`; MapLibre turns numeric-looking ids into
   * numbers, and 17-digit unit codes lose digits past 2^53 so neighbouring units share an id and
   * queryRenderedFeatures returns one for both. Features go to the map numbered 1…n instead; the
   * code stays in the properties.
   */
  private set(source: SourceName, fc: GeoJSON.FeatureCollection): void {
    (this.map.getSource(source) as GeoJSONSource).setData(renumbered(fc));
  }

  /** The draft's cells coloured by sizing status (unchecked cells grey), with one label each. */
  showCells(fc: GeoJSON.FeatureCollection, statuses: Map<string, SizingStatus>): void {
    this.cells = withStatus(fc, statuses);
    this.set('cells', this.cells);
    this.set('labels', labelPoints(fc));
  }

  showUnits(fc: GeoJSON.FeatureCollection): void {
    this.units = fc;
    this.set('units', fc);
  }

  showRoot(fc: GeoJSON.FeatureCollection): void {
    this.set('root', fc);
  }

  showProblems(fc: GeoJSON.FeatureCollection): void {
    this.set('problems', fc);
  }

  /** The changed cells of a comparison with the published tree, or null to hide them. */
  showDiff(fc: GeoJSON.FeatureCollection | null): void {
    this.set('diff', fc ?? empty());
    for (const id of ['diff-fill', 'diff-line']) this.map.setLayoutProperty(id, 'visibility', fc ? 'visible' : 'none');
  }

  /** Outlines the selected cells, grids or units (their codes never clash). */
  select(codes: string[]): void {
    this.map.setFilter('cells-selected', ['in', ['get', 'code'], ['literal', codes]]);
    this.map.setFilter('units-selected', ['in', ['get', 'code'], ['literal', codes]]);
  }

  setPaintTarget(code: string | null): void {
    this.map.setFilter('paint-target', ['==', ['get', 'code'], code ?? '']);
  }

  /** Units under the brush, shown before the edit is sent. */
  showPainting(codes: string[]): void {
    this.map.setFilter('painting-fill', ['in', ['get', 'code'], ['literal', codes]]);
  }

  fitTo(fc: GeoJSON.FeatureCollection): void {
    const boxes = fc.features.map((f) => geometryBbox(f.geometry)).filter((b) => Number.isFinite(b[0]));
    if (!boxes.length) return;
    const b = [Math.min(...boxes.map((x) => x[0])), Math.min(...boxes.map((x) => x[1])), Math.max(...boxes.map((x) => x[2])), Math.max(...boxes.map((x) => x[3]))];
    this.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 40, duration: 0, maxZoom: 17 });
  }

  /** The draft's grid (or unit) under a screen point, or null. */
  cellAt(point: { x: number; y: number }, level: 'grid' | 'unit' = 'grid'): CellProps | null {
    const [f] = this.map.queryRenderedFeatures([point.x, point.y], { layers: [level === 'unit' ? 'units-fill' : 'cells-fill'] });
    return f ? (f.properties as CellProps) : null;
  }

  /** A cell's feature as last shown (with its geometry), by code. */
  cellFeature(code: string): GeoJSON.Feature | null {
    return [...this.cells.features, ...this.units.features].find((f) => f.properties?.code === code) ?? null;
  }

  /**
   * Codes of the units within `radius` pixels of a screen point (the brush): the point and four
   * around it tested against the units' outlines, not the rendered tiles, which lag behind while
   * the brush's own highlight redraws and would miss a fast stroke.
   */
  unitsAt(point: { x: number; y: number }, radius = 4): string[] {
    const probes = [[0, 0], [radius, 0], [-radius, 0], [0, radius], [0, -radius]].map(([dx, dy]) => {
      const { lng, lat } = this.map.unproject([point.x + dx, point.y + dy]);
      return [lng, lat];
    });
    const hit = this.units.features.filter(
      (f) => (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon') && probes.some((p) => booleanPointInPolygon(p, f as GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon>)),
    );
    return [...new Set(hit.map((f) => String(f.properties?.code)))];
  }

  /** Stops any drawing or vertex editing in progress, leaving the map to pan and click. */
  stopDrawing(): void {
    const d = this.drawing;
    this.drawing = null;
    d?.cancel();
    if (this.draw) {
      this.draw.clear();
      this.draw.setMode('static');
    }
  }

  /** Lets the person draw a line (click the points, Enter or a click on the last point ends it). */
  drawLine(): Promise<GeoJSON.LineString | null> {
    return this.drawShape('linestring') as Promise<GeoJSON.LineString | null>;
  }

  /** Lets the person draw a polygon (click the corners, Enter or a click on the first corner closes it). */
  drawPolygon(): Promise<GeoJSON.Polygon | null> {
    return this.drawShape('polygon') as Promise<GeoJSON.Polygon | null>;
  }

  private drawShape(mode: 'linestring' | 'polygon'): Promise<GeoJSON.Geometry | null> {
    this.stopDrawing();
    const draw = this.draw;
    if (!draw) return Promise.resolve(null);
    draw.setMode(mode);
    return new Promise((resolve) => {
      const onFinish = (id: string | number) => {
        const feature = draw.getSnapshotFeature(id);
        draw.off('finish', onFinish);
        this.drawing = null;
        draw.clear();
        draw.setMode('static');
        resolve(feature ? (feature.geometry as GeoJSON.Geometry) : null);
      };
      draw.on('finish', onFinish);
      this.drawing = {
        cancel: () => {
          draw.off('finish', onFinish);
          resolve(null);
        },
      };
    });
  }

  /**
   * Puts one polygon of a cell under vertex editing (drag a vertex, drag a midpoint to add one).
   * A multipolygon's largest part is edited; the caller puts the other parts back.
   */
  editShape(polygon: GeoJSON.Polygon): ShapeEdit | null {
    this.stopDrawing();
    const draw = this.draw;
    if (!draw) return null;
    const feature = { type: 'Feature', geometry: polygon, properties: { mode: 'polygon' } } as GeoJSONStoreFeatures;
    const [result] = draw.addFeatures([feature]);
    if (!result?.valid) {
      console.warn(`cannot edit this shape: ${result?.reason ?? 'unknown reason'}`);
      return null;
    }
    draw.setMode('select');
    draw.selectFeature(result.id!);
    const id = result.id!;
    let live = true;
    this.drawing = { cancel: () => (live = false) };
    return {
      geometry: () => (live ? ((draw.getSnapshotFeature(id)?.geometry as GeoJSON.Polygon | undefined) ?? null) : null),
      cancel: () => this.stopDrawing(),
    };
  }

  /**
   * The unit brush: pressing and dragging collects the units under the pointer (a click takes
   * one), calling `onStroke` as it grows and `onDone` when the button is released. The map does
   * not pan while the brush is on. Returns a function that takes the brush off.
   */
  brush(onStroke: (codes: string[]) => void, onDone: (codes: string[]) => void): () => void {
    this.stopDrawing();
    const map = this.map;
    const container = map.getCanvasContainer();
    let stroke: string[] | null = null;
    const add = (e: PointerEvent) => {
      if (!stroke) return;
      const r = map.getCanvas().getBoundingClientRect();
      const before = stroke.length;
      for (const c of this.unitsAt({ x: e.clientX - r.left, y: e.clientY - r.top })) if (!stroke.includes(c)) stroke.push(c);
      if (stroke.length !== before) onStroke(stroke);
    };
    // DOM pointer events in the capture phase, before Terra Draw's handlers on the canvas; the
    // release is heard on the window, so a stroke let go outside the map still ends.
    const down = (e: PointerEvent) => {
      if (e.button !== 0) return;
      stroke = [];
      add(e);
    };
    const up = () => {
      if (!stroke) return;
      const done = stroke;
      stroke = null;
      if (done.length) onDone(done);
    };
    map.dragPan.disable();
    map.getCanvas().style.cursor = 'crosshair';
    container.addEventListener('pointerdown', down, true);
    container.addEventListener('pointermove', add, true);
    window.addEventListener('pointerup', up, true);
    return () => {
      container.removeEventListener('pointerdown', down, true);
      container.removeEventListener('pointermove', add, true);
      window.removeEventListener('pointerup', up, true);
      map.dragPan.enable();
      map.getCanvas().style.cursor = '';
    };
  }
}

function renumbered(fc: GeoJSON.FeatureCollection): GeoJSON.FeatureCollection {
  return { type: 'FeatureCollection', features: fc.features.map((f, i) => ({ ...f, id: i + 1 })) };
}

function initialStyle(): StyleSpecification {
  return {
    version: 8,
    sources: Object.fromEntries(SOURCES.map((s) => [s, { type: 'geojson' as const, data: empty() }])),
    layers: plannerLayers(),
  };
}
