import type { UnitGraph } from './unit_graph.ts';

/**
 * Splits `members` into the parts that are connected by shared borders, walking only through
 * members. Parts come out in the order of their first member; members keep their order.
 *
 * @example connectedParts(graph, [0, 1, 5]) // [[0, 1], [5]] when 5 borders neither 0 nor 1
 */
export function connectedParts(graph: UnitGraph, members: readonly number[]): number[][] {
  const inSet = new Set(members);
  const seen = new Set<number>();
  const parts: number[][] = [];
  const order = new Map(members.map((m, k) => [m, k]));
  for (const start of members) {
    if (seen.has(start)) continue;
    const part: number[] = [];
    const stack = [start];
    seen.add(start);
    while (stack.length) {
      const u = stack.pop()!;
      part.push(u);
      for (const v of graph.neighbours[u]) {
        if (inSet.has(v) && !seen.has(v)) {
          seen.add(v);
          stack.push(v);
        }
      }
    }
    parts.push(part.sort((a, b) => order.get(a)! - order.get(b)!));
  }
  return parts;
}

/**
 * Whether units form one piece by shared borders (corner touches do not count). An empty set
 * is not contiguous.
 *
 * @example isContiguous(graph, [0, 1]) // true when units 0 and 1 share a border
 */
export function isContiguous(graph: UnitGraph, members: readonly number[]): boolean {
  return members.length > 0 && connectedParts(graph, members).length === 1;
}
