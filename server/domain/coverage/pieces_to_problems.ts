import type { AreaRef, CoverageProblem } from './coverage_problem.ts';
import { pieceToProblem, type Piece } from './piece_to_problem.ts';

/** One overlay piece as the query returns it: its shape still as GeoJSON text. */
export interface PieceRow {
  found: Piece['found'];
  geojson: string;
  area_m2: number;
  centroid: [number, number];
  involved: Piece['involved'];
  parent: AreaRef;
  level: string;
}

/**
 * pieceToProblem over a batch of pieces, with the areas they name looked up in `refs` (an area
 * not in it is named by its code). A batch of plain data in and out, so that it can run in a
 * worker thread (server/workers/run_in_worker.ts): measuring every piece's width is the coverage
 * check's heaviest JavaScript, seconds for a parent with a detailed outline.
 *
 * @example piecesToProblems({ pieces: [row], refs: { T01: { code: 'T01', name: '东苑', level: 'community' } }, toleranceM: 0.5 }) // → [problem or null]
 */
export function piecesToProblems(input: { pieces: PieceRow[]; refs: Record<string, AreaRef>; toleranceM: number }): (CoverageProblem | null)[] {
  const refOf = (code: string): AreaRef => input.refs[code] ?? { code, name: code, level: '' };
  return input.pieces.map((p) =>
    pieceToProblem({ found: p.found, geometry: JSON.parse(p.geojson), area_m2: p.area_m2, centroid: p.centroid, involved: p.involved }, p.parent, p.level, refOf, input.toleranceM),
  );
}
