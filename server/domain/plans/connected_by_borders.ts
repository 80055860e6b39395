/** Two cells and the length of the border they share (metres; 0 when they only touch at corners). */
export interface SharedBorder {
  a: string;
  b: string;
  border_m: number;
}

/**
 * Whether `codes` form one piece when only shared borders connect them (corners do not):
 * the rule a merge must meet. Returns the codes left out of the first one's piece.
 *
 * @example cellsOffBorders(['G1', 'G2', 'G3'], [{ a: 'G1', b: 'G2', border_m: 120 }]) // ['G3']
 */
export function cellsOffBorders(codes: readonly string[], borders: readonly SharedBorder[], minBorderM = 0.01): string[] {
  if (codes.length === 0) return [];
  const next = new Map<string, string[]>(codes.map((c) => [c, []]));
  for (const e of borders) {
    if (e.border_m < minBorderM || !next.has(e.a) || !next.has(e.b)) continue;
    next.get(e.a)!.push(e.b);
    next.get(e.b)!.push(e.a);
  }
  const seen = new Set([codes[0]]);
  const stack = [codes[0]];
  while (stack.length) {
    for (const n of next.get(stack.pop()!)!) {
      if (seen.has(n)) continue;
      seen.add(n);
      stack.push(n);
    }
  }
  return codes.filter((c) => !seen.has(c));
}
