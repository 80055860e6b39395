import { createHash } from 'node:crypto';
import type { CoverageKind } from './coverage_problem.ts';

/**
 * A problem's id, stable from one run to the next while the problem stays where it is: a hash of
 * its kind, the codes involved (in any order) and its centroid rounded to 1e-5° (about a metre),
 * so re-running the check, or running it from another root, gives the same id.
 *
 * @example
 * problemId('gap', ['g2', 'g1'], [120.08531, 29.30421]) === problemId('gap', ['g1', 'g2'], [120.085312, 29.304208]) // true
 */
export function problemId(kind: CoverageKind, codes: string[], centroid: [number, number] | null): string {
  const at = centroid ? centroid.map((v) => (Math.round(v * 1e5) / 1e5).toFixed(5)).join(',') : '';
  const text = `${kind}|${[...codes].sort().join(',')}|${at}`;
  return `${kind}-${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
}
