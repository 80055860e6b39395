/**
 * Whether an area (given by its ancestry, codes from the root down, its own last) lies in one of
 * the subtrees `scope` names; null scope means everywhere. The same rule as `can`, for code
 * that already holds a principal's `scopeCodes`.
 *
 *   inScope(['T', 'T01', 'T0101'], ['T01'])   // → true
 *   inScope(['T', 'T02'], ['T01'])            // → false
 *   inScope(['T'], null)                      // → true
 */
export function inScope(areaPath: readonly string[], scope: readonly string[] | null): boolean {
  return scope === null || areaPath.some((code) => scope.includes(code));
}
