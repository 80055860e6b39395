export interface PathCounts {
  /** Codes from the root down, joined by '/'. */
  path: string;
  households: number;
  people: number;
  floating: number;
  facilities: number;
}

export type Counts = Omit<PathCounts, 'path'>;

/**
 * Sums what each area holds into the given ancestors: an area's counts go to every code on its
 * path that is in `codes` (the area itself included). Codes not reached get zeros.
 *
 * @example sumCountsByAncestor([{ path: 'T/C1/G1/U1', households: 3, … }], ['G1']).get('G1').households // 3
 */
export function sumCountsByAncestor(rows: readonly PathCounts[], codes: readonly string[]): Map<string, Counts> {
  const out = new Map<string, Counts>(codes.map((c) => [c, { households: 0, people: 0, floating: 0, facilities: 0 }]));
  for (const r of rows) {
    for (const code of r.path.split('/')) {
      const c = out.get(code);
      if (!c) continue;
      c.households += r.households;
      c.people += r.people;
      c.floating += r.floating;
      c.facilities += r.facilities;
    }
  }
  return out;
}
