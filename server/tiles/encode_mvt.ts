import { PbfWriter as Pbf } from 'pbf';
import { EXTENT } from './tile_math.ts';

/** A position in tile coordinates: 0..extent, y pointing down. */
export type TilePoint = [number, number];

export type TileFeature =
  | { id?: number; type: 'point'; points: TilePoint[]; properties: Record<string, unknown> }
  /** Polygons, each a list of rings, exterior first; rings may be closed or open, in any winding. */
  | { id?: number; type: 'polygon'; polygons: TilePoint[][][]; properties: Record<string, unknown> };

export interface TileLayer {
  name: string;
  features: TileFeature[];
  extent?: number;
}

// Mapbox Vector Tile 2.1 field numbers and command ids.
const CMD_MOVE_TO = 1;
const CMD_LINE_TO = 2;
const CMD_CLOSE_PATH = 7;
const GEOM_POINT = 1;
const GEOM_POLYGON = 3;

/**
 * Encodes layers as a Mapbox Vector Tile 2.1 (protobuf), for the database that cannot run
 * ST_AsMVT. Polygon rings are re-wound as the spec requires (exterior positive area in y-down
 * tile space, holes negative); rings that collapse after quantising are dropped, as
 * ST_AsMVTGeom does; properties that are null are left out; features with no geometry left are
 * skipped. Example: encodeMvt([{ name: 'facilities', features: [{ type: 'point', points: [[10, 20]],
 * properties: { name: '卫生院' } }] }]) → a Uint8Array that @mapbox/vector-tile reads back.
 */
export function encodeMvt(layers: TileLayer[]): Uint8Array {
  const pbf = new Pbf();
  for (const layer of layers) {
    const encoded = encodeLayer(layer);
    if (encoded) pbf.writeMessage(3, writeLayer, encoded);
  }
  return pbf.finish();
}

interface EncodedLayer {
  name: string;
  extent: number;
  keys: string[];
  values: unknown[];
  features: { id?: number; type: number; tags: number[]; geometry: number[] }[];
}

function encodeLayer(layer: TileLayer): EncodedLayer | null {
  const keys: string[] = [];
  const keyIndex = new Map<string, number>();
  const values: unknown[] = [];
  const valueIndex = new Map<string, number>();
  const features: EncodedLayer['features'] = [];
  for (const f of layer.features) {
    const geometry = f.type === 'point' ? pointCommands(f.points) : polygonCommands(f.polygons);
    if (geometry.length === 0) continue;
    const tags: number[] = [];
    for (const [key, value] of Object.entries(f.properties)) {
      if (value === null || value === undefined) continue;
      const v = typeof value === 'object' ? JSON.stringify(value) : value;
      let k = keyIndex.get(key);
      if (k === undefined) keyIndex.set(key, (k = keys.push(key) - 1));
      const vKey = `${typeof v}:${String(v)}`;
      let vi = valueIndex.get(vKey);
      if (vi === undefined) valueIndex.set(vKey, (vi = values.push(v) - 1));
      tags.push(k, vi);
    }
    features.push({ id: f.id, type: f.type === 'point' ? GEOM_POINT : GEOM_POLYGON, tags, geometry });
  }
  if (features.length === 0) return null;
  return { name: layer.name, extent: layer.extent ?? EXTENT, keys, values, features };
}

function writeLayer(layer: EncodedLayer, pbf: Pbf): void {
  pbf.writeVarintField(15, 2);
  pbf.writeStringField(1, layer.name);
  for (const f of layer.features) pbf.writeMessage(2, writeFeature, f);
  for (const key of layer.keys) pbf.writeStringField(3, key);
  for (const value of layer.values) pbf.writeMessage(4, writeValue, value);
  pbf.writeVarintField(5, layer.extent);
}

function writeFeature(f: EncodedLayer['features'][number], pbf: Pbf): void {
  if (f.id !== undefined && Number.isInteger(f.id) && f.id >= 0) pbf.writeVarintField(1, f.id);
  pbf.writePackedVarint(2, f.tags);
  pbf.writeVarintField(3, f.type);
  pbf.writePackedVarint(4, f.geometry);
}

function writeValue(value: unknown, pbf: Pbf): void {
  if (typeof value === 'string') pbf.writeStringField(1, value);
  else if (typeof value === 'boolean') pbf.writeBooleanField(7, value);
  else if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) {
      if (value >= 0) pbf.writeVarintField(5, value);
      else pbf.writeSVarintField(6, value);
    } else pbf.writeDoubleField(3, value);
  } else pbf.writeStringField(1, String(value));
}

const command = (id: number, count: number) => (id & 0x7) | (count << 3);
const zigzag = (n: number) => (n << 1) ^ (n >> 31);

function pointCommands(points: TilePoint[]): number[] {
  if (points.length === 0) return [];
  const out = [command(CMD_MOVE_TO, points.length)];
  let cx = 0;
  let cy = 0;
  for (const [x, y] of points) {
    const ix = Math.round(x);
    const iy = Math.round(y);
    out.push(zigzag(ix - cx), zigzag(iy - cy));
    cx = ix;
    cy = iy;
  }
  return out;
}

function polygonCommands(polygons: TilePoint[][][]): number[] {
  const out: number[] = [];
  const cursor = { x: 0, y: 0 };
  for (const polygon of polygons) {
    const rings = polygon.map(cleanRing);
    if (rings.length === 0 || rings[0].length === 0) continue; // the exterior collapsed: its holes go with it
    rings.forEach((ring, i) => {
      if (ring.length === 0) return;
      const exterior = i === 0;
      // Exterior rings have positive area in y-down tile space, holes negative (MVT 2.1 §4.3.4.4).
      if (exterior !== ringArea(ring) > 0) ring.reverse();
      writeRing(ring, out, cursor);
    });
  }
  return out;
}

/** Rounds a ring to integers, drops repeats and the closing point; empty when it has no area left. */
function cleanRing(ring: TilePoint[]): TilePoint[] {
  const out: TilePoint[] = [];
  for (const [x, y] of ring) {
    const p: TilePoint = [Math.round(x), Math.round(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  while (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
  return out.length >= 3 && ringArea(out) !== 0 ? out : [];
}

/** Twice the surveyor's-formula area of an open ring. */
export function ringArea(ring: TilePoint[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  return sum;
}

function writeRing(ring: TilePoint[], out: number[], cursor: { x: number; y: number }): void {
  const move = (p: TilePoint) => {
    out.push(zigzag(p[0] - cursor.x), zigzag(p[1] - cursor.y));
    cursor.x = p[0];
    cursor.y = p[1];
  };
  out.push(command(CMD_MOVE_TO, 1));
  move(ring[0]);
  out.push(command(CMD_LINE_TO, ring.length - 1));
  for (let i = 1; i < ring.length; i++) move(ring[i]);
  out.push(command(CMD_CLOSE_PATH, 1));
}
