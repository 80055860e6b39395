export interface Member {
  kind: 'household' | 'facility' | 'event' | 'staff';
  region: string;
  id: string;
}

export interface Crossing extends Member {
  /** `into` the root's subtree from outside it, or `out_of` it (to another subtree or to no cell). */
  way: 'into' | 'out_of';
}

/**
 * What crossed the boundary of a plan's root between two readings of its subtree's members
 * (before and after a publish writes the draft): a member only after came in, a member only
 * before went out. Staff are the exception going out: an assignment leaves the subtree only with
 * a cell the draft deletes without a successor (the assignment ends; it goes nowhere else).
 *
 *   boundaryCrossings([{ kind: 'household', region: 'T', id: 'H1' }], [{ kind: 'household', region: 'T', id: 'H2' }])
 *   // → [{ kind: 'household', region: 'T', id: 'H2', way: 'into' }, { kind: 'household', region: 'T', id: 'H1', way: 'out_of' }]
 */
export function boundaryCrossings(before: readonly Member[], after: readonly Member[]): Crossing[] {
  const key = (m: Member) => `${m.kind}\u0000${m.region}\u0000${m.id}`;
  const was = new Set(before.map(key));
  const is = new Set(after.map(key));
  const into = after.filter((m) => !was.has(key(m)));
  const out = before.filter((m) => m.kind !== 'staff' && !is.has(key(m)));
  const unique = (ms: Member[], way: Crossing['way']) => [...new Map(ms.map((m) => [key(m), { kind: m.kind, region: m.region, id: m.id, way }])).values()];
  return [...unique(into, 'into'), ...unique(out, 'out_of')];
}
