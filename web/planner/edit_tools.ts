import type { PlanMap, ShapeEdit } from './plan_map.ts';
import type { CellProps, EditOp } from './plan_types.ts';

/**
 * The interactive part of each map tool: what the person draws or brushes, turned into the edit
 * the server applies. None of them sends anything; the editor does.
 */

/** Split: a line drawn across the cell. Null when the drawing was cancelled. */
export async function splitEdit(map: PlanMap, cell: CellProps): Promise<EditOp | null> {
  const line = await map.drawLine();
  return line && line.coordinates.length >= 2 ? { op: 'split', code: cell.code, line } : null;
}

/** Create: a polygon drawn as a new cell under `parentCode`. */
export async function createEdit(map: PlanMap, parentCode: string, level: string, name: string): Promise<EditOp | null> {
  const polygon = await map.drawPolygon();
  return polygon ? { op: 'create', parent_code: parentCode, level, name, geometry: polygon } : null;
}

/**
 * Reshape: the cell's outline under vertex editing. A multipolygon's largest part is the one
 * edited; the other parts go back unchanged with it, so applying never drops a part.
 */
export function reshapeSession(map: PlanMap, cell: CellProps): { apply(): EditOp | null; cancel(): void } | null {
  const feature = map.cellFeature(cell.code);
  const g = feature?.geometry;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return null;
  const parts = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const largest = largestPart(parts);
  const edit: ShapeEdit | null = map.editShape({ type: 'Polygon', coordinates: parts[largest] });
  if (!edit) return null;
  return {
    apply: () => {
      const edited = edit.geometry();
      edit.cancel();
      if (!edited) return null;
      const geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon =
        parts.length === 1 ? edited : { type: 'MultiPolygon', coordinates: parts.map((p, i) => (i === largest ? edited.coordinates : p)) };
      return { op: 'reshape', code: cell.code, geometry };
    },
    cancel: () => edit.cancel(),
  };
}

/**
 * Paint: each brush stroke re-parents the units it passed over to `target` (units already in it
 * are left out of the edit). `send` gets the edit; `preview` the units under the brush so far.
 */
export function paintSession(
  map: PlanMap,
  target: string,
  parentOf: (unit: string) => string | null,
  preview: (codes: string[]) => void,
  send: (op: EditOp) => void,
): () => void {
  return map.brush(preview, (codes) => {
    const moving = codes.filter((c) => parentOf(c) !== target);
    preview([]);
    if (moving.length) send({ op: 'paint', unit_codes: moving, to: target });
  });
}

/**
 * Index of the part with the largest area (planar shoelace on the outer ring: enough to compare
 * parts of one cell).
 * Example: largestPart([[smallRing], [bigRing]]) → 1.
 */
export function largestPart(parts: GeoJSON.Position[][][]): number {
  const area = (ring: GeoJSON.Position[]) => {
    let s = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
    return Math.abs(s / 2);
  };
  let best = 0;
  parts.forEach((p, i) => {
    if (area(p[0]) > area(parts[best][0])) best = i;
  });
  return best;
}
