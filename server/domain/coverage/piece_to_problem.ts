import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { AreaRef, CoverageProblem } from './coverage_problem.ts';
import { classifyPiece } from './classify_piece.ts';
import { inscribedWidth } from './inscribed_width.ts';
import { problemId } from './problem_id.ts';
import { suggestFixes, type Involved } from './suggest_fixes.ts';

/**
 * Pieces thinner than this are not defects but the overlay's own rounding: where two edges
 * cross, snap-rounding to 1e-9° (0.1 mm) can leave a spike a few nanodegrees wide. 2 mm is
 * twenty times the snapping grid and far below any digitising tolerance; so is 10 cm² of area.
 */
export const OVERLAY_NOISE_M = 0.002;
export const OVERLAY_NOISE_M2 = 0.001;

export interface Piece {
  /** What the overlay found: a part of the parent no child covers, a part two children cover, a child's part outside. */
  found: 'gap' | 'overlap' | 'spill';
  geometry: Polygon | MultiPolygon;
  area_m2: number;
  centroid: [number, number];
  involved: Involved[];
}

/**
 * Turns one overlay piece into a reported problem: a gap or overlap thinner than the tolerance
 * (the largest circle inside it narrower than the tolerance) becomes a sliver, the id is derived from kind, codes and centroid, and the fixes are suggested.
 * Points inside and exceptions are filled in later. Overlay noise (see OVERLAY_NOISE_M) gives null.
 *
 * @example
 * pieceToProblem({ found: 'gap', width_m: 0.3, … }, town, 'unit', refs, 0.5).properties.kind // 'sliver'
 */
export function pieceToProblem(piece: Piece, parent: AreaRef, childLevel: string, refOf: (code: string) => AreaRef, toleranceM: number): CoverageProblem | null {
  // Smaller than 10 cm², or thinner than 1 mm on average, is the overlay's rounding too.
  if (piece.area_m2 < OVERLAY_NOISE_M2 || meanWidth(piece.geometry, piece.area_m2) < OVERLAY_NOISE_M / 2) return null;
  const g = piece.geometry;
  const measure = (rings: Position[][]) => inscribedWidth(rings, { floorM: OVERLAY_NOISE_M, belowM: toleranceM });
  const width = g.type === 'Polygon' ? measure(g.coordinates) : Math.max(0, ...g.coordinates.map(measure));
  if (width < OVERLAY_NOISE_M) return null;
  const kind = classifyPiece(piece.found, width, toleranceM);
  // A gap's areas are the children it shares a border with; one touching it at a single point
  // (measured as up to a few millimetres, as the query looks 1 mm around) is not a neighbour,
  // unless nothing borders it at all.
  const bordering = piece.found === 'gap' ? piece.involved.filter((a) => a.border_m > 0.01) : [];
  const involved = bordering.length > 0 ? bordering : piece.involved;
  const codes = involved.map((a) => a.code);
  return {
    type: 'Feature',
    // The parent's code is part of the id: a gap with no neighbours is still told apart by where it is.
    id: problemId(kind, [parent.code, ...codes], piece.centroid),
    geometry: piece.geometry,
    properties: {
      kind,
      level: childLevel,
      parent,
      areas: codes.map(refOf),
      area_m2: round(piece.area_m2, 3),
      width_m: round(width, 3),
      sliver_of: kind === 'sliver' ? piece.found : null,
      reason: null,
      households: 0,
      facilities: 0,
      fixes: suggestFixes({
        kind,
        sliverOf: piece.found,
        involved,
        parentCode: parent.code,
        toleranceM,
      }),
      exception: null,
    },
  };
}

function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

/** 2 × area / perimeter, metres: a hair's thickness (perimeter on a local plane). */
function meanWidth(g: Polygon | MultiPolygon, areaM2: number): number {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let perimeter = 0;
  for (const ring of polygons.flat()) {
    const k = 111_320 * Math.cos(((ring[0]?.[1] ?? 0) * Math.PI) / 180);
    for (let i = 0; i + 1 < ring.length; i++) perimeter += Math.hypot((ring[i + 1][0] - ring[i][0]) * k, (ring[i + 1][1] - ring[i][1]) * 111_320);
  }
  return perimeter === 0 ? 0 : (2 * areaM2) / perimeter;
}
