import type { Divergence } from './chain_divergence.ts';

export interface MoveCount {
  from: string | null;
  to: string | null;
  count: number;
}

/**
 * Counts moves by (from, to), largest first, then by codes.
 *
 * @example countMoves([{ from: 'G1', to: 'G2' }, { from: 'G1', to: 'G2' }]) // [{ from: 'G1', to: 'G2', count: 2 }]
 */
export function countMoves(moves: readonly Divergence[]): MoveCount[] {
  const counts = new Map<string, MoveCount>();
  for (const m of moves) {
    const key = `${m.from ?? ''}\u0000${m.to ?? ''}`;
    const c = counts.get(key);
    if (c) c.count++;
    else counts.set(key, { from: m.from, to: m.to, count: 1 });
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || String(a.from).localeCompare(String(b.from)) || String(a.to).localeCompare(String(b.to)));
}
