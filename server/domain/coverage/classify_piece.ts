import type { CoverageKind } from './coverage_problem.ts';

/**
 * A gap, overlap or spill thinner than the tolerance is a sliver: most come from digitising (two
 * offices drawing one border) and are fixed by snapping, not by redrawing. Anything else keeps
 * its kind.
 *
 * @example
 * classifyPiece('gap', 0.3, 0.5)   // 'sliver'
 * classifyPiece('gap', 25, 0.5)    // 'gap'
 * classifyPiece('spill', 0.2, 0.5) // 'sliver'
 */
export function classifyPiece(kind: CoverageKind, widthM: number | null, toleranceM: number): CoverageKind {
  if ((kind === 'gap' || kind === 'overlap' || kind === 'spill') && widthM !== null && widthM < toleranceM) return 'sliver';
  return kind;
}
