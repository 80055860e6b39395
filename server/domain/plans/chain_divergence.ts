/** Where a point's cell moves: the cells at the highest level where its two chains part. */
export interface Divergence {
  from: string | null;
  to: string | null;
}

/**
 * Compares a point's chain of cells (root first) as published and as drafted, and names the
 * cells at the first level where they differ: a unit painted from grid G1 to G2 moves G1 → G2,
 * a unit reshaped inside its grid moves U1 → U2. Null when both chains are the same.
 *
 * @example chainDivergence(['C', 'G1', 'U4'], ['C', 'G2', 'U4']) // { from: 'G1', to: 'G2' }
 */
export function chainDivergence(published: readonly string[], drafted: readonly string[]): Divergence | null {
  const n = Math.max(published.length, drafted.length);
  for (let i = 0; i < n; i++) {
    if (published[i] !== drafted[i]) return { from: published[i] ?? null, to: drafted[i] ?? null };
  }
  return null;
}
