/**
 * The deepest area every given ancestry passes through (each a list of codes from the root down),
 * or null when they share none or there are none: the one area an audit entry about many areas
 * is filed under, so that a filter by any area above it finds it.
 *
 *   commonAncestor([['T', 'T01', 'T0101'], ['T', 'T01', 'T0102']])   // → 'T01'
 *   commonAncestor([['T', 'T01'], ['X']])                            // → null
 */
export function commonAncestor(paths: readonly (readonly string[])[]): string | null {
  if (paths.length === 0) return null;
  let shared = paths[0].length;
  for (const p of paths) {
    let i = 0;
    while (i < shared && i < p.length && p[i] === paths[0][i]) i++;
    shared = i;
  }
  return shared === 0 ? null : paths[0][shared - 1];
}
