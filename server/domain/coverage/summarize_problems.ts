import type { CoverageProblem } from './coverage_problem.ts';

export interface CoverageSummary {
  total: number;
  by_kind: Record<string, number>;
  by_level: Record<string, Record<string, number>>;
  /** Problems marked as accepted exceptions (counted in the totals too). */
  exceptions: number;
}

/**
 * Counts problems by kind and by level (level → kind → count).
 *
 * @example
 * summarizeProblems([gapAtGrid, sliverAtUnit]) // { total: 2, by_kind: { gap: 1, sliver: 1 }, by_level: { grid: { gap: 1 }, unit: { sliver: 1 } }, exceptions: 0 }
 */
export function summarizeProblems(problems: CoverageProblem[]): CoverageSummary {
  const summary: CoverageSummary = { total: problems.length, by_kind: {}, by_level: {}, exceptions: 0 };
  for (const { properties: p } of problems) {
    summary.by_kind[p.kind] = (summary.by_kind[p.kind] ?? 0) + 1;
    const level = (summary.by_level[p.level] ??= {});
    level[p.kind] = (level[p.kind] ?? 0) + 1;
    if (p.exception) summary.exceptions++;
  }
  return summary;
}
