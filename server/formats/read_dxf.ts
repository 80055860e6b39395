import DxfParser from 'dxf-parser';
import type { Feature, Position } from 'geojson';
import { refuseFile, type SourceFeatures } from './source_features.ts';

interface Scanner {
  next(): { code: number; value: number | string | boolean };
  isEOF(): boolean;
  rewind(n?: number): void;
}
interface HatchEntity {
  type: 'HATCH';
  layer?: string;
  handle?: string;
  rings: Position[][];
}

/**
 * dxf-parser reads no HATCH: this handler reads a hatch's boundary paths as rings: polyline
 * paths by their vertices, edge paths by their line edges' start points and their arcs sampled
 * every 10°. What lies before the paths (the elevation point) and after them (seed points) is
 * skipped by counting paths.
 */
class HatchHandler {
  ForEntityName = 'HATCH';
  parseEntity(scanner: Scanner, curr: { value: unknown }): HatchEntity {
    const entity: HatchEntity = { type: curr.value as 'HATCH', rings: [] };
    let paths = -1;
    let ring: Position[] | null = null;
    let edgeType = 0;
    let arc: Record<number, number> = {};
    let g = scanner.next();
    const close = () => {
      if (ring && ring.length >= 3) entity.rings.push(ring);
      ring = null;
    };
    while (!scanner.isEOF() && g.code !== 0) {
      const v = g.value;
      if (g.code === 8) entity.layer = String(v);
      else if (g.code === 5) entity.handle = String(v);
      else if (g.code === 91) paths = Number(v);
      else if (paths > 0 && g.code === 92) {
        close();
        ring = [];
        paths--;
      } else if (ring && g.code === 72) {
        edgeType = Number(v);
        arc = {};
      } else if (ring && g.code === 10) arc[10] = Number(v);
      else if (ring && g.code === 20) {
        if (edgeType !== 2) ring.push([arc[10], Number(v)]);
        else arc[20] = Number(v);
      } else if (ring && [40, 50, 51, 73].includes(g.code) && edgeType === 2) {
        arc[g.code] = Number(v);
        if (g.code === 73) ring.push(...sampleArc(arc));
      } else if (g.code === 98 || g.code === 97 && paths === 0) {
        // Seed points or the last path's source objects: no more boundary vertices.
        if (g.code === 98) {
          close();
          paths = -1;
        }
      }
      g = scanner.next();
    }
    close();
    return entity;
  }
}

function sampleArc(a: Record<number, number>): Position[] {
  const [cx, cy, r] = [a[10], a[20], a[40]];
  let [start, end] = [a[50], a[51]];
  if (!a[73]) [start, end] = [-end, -start];
  if (end < start) end += 360;
  const out: Position[] = [];
  for (let d = start; d <= end; d += 10) out.push([cx + r * Math.cos((d * Math.PI) / 180), cy + r * Math.sin((d * Math.PI) / 180)]);
  return out;
}

/**
 * The areas drawn in a DXF (AutoCAD, 南方CASS): every closed polyline (LWPOLYLINE, POLYLINE)
 * and every hatch becomes a polygon, with its CAD layer as the `layer` property (map it with
 * level_field=layer or code/name fields). Open polylines are not areas: a file holding nothing
 * else is refused, naming how many were found. DXF carries no coordinate system (name it with
 * srs=, or the import guesses from the numbers and says so).
 */
export function readDxf(text: string): SourceFeatures {
  const parser = new DxfParser();
  parser.registerEntityHandler(HatchHandler as never);
  let dxf;
  try {
    dxf = parser.parseSync(text);
  } catch (err) {
    throw refuseFile('the DXF', `cannot be read (${(err as Error).message})`);
  }
  const features: Feature[] = [];
  let open = 0;
  for (const e of (dxf?.entities ?? []) as unknown as { type: string; layer?: string; handle?: string; shape?: boolean; vertices?: { x: number; y: number }[]; rings?: Position[][] }[]) {
    const properties = { layer: e.layer ?? '0', handle: e.handle ?? null, entity: e.type };
    if ((e.type === 'LWPOLYLINE' || e.type === 'POLYLINE') && e.vertices) {
      if (!e.shape) {
        open++;
        continue;
      }
      const ring = e.vertices.map((p) => [p.x, p.y]);
      if (ring.length < 3) continue;
      ring.push([...ring[0]]);
      features.push({ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [ring] } });
    } else if (e.type === 'HATCH' && e.rings?.length) {
      const rings = e.rings.map((r) => [...r, [...r[0]]]);
      features.push({ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: rings } });
    }
  }
  if (features.length === 0) {
    throw refuseFile('the DXF', open ? `holds ${open} open polyline(s) and no closed polyline or hatch: an area must be drawn closed (in CAD: PEDIT → Close)` : 'holds no closed polyline or hatch to read as an area');
  }
  return { format: 'dxf', features, crs: null };
}
