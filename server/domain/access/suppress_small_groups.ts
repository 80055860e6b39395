/**
 * k-anonymity for special-care counts (elderly living alone, disabled …): a group of fewer than
 * `k` households is replaced by null ("fewer than k"), so that an aggregate never points at one
 * or two identifiable homes. Counting households rather than people is the stricter choice: every
 * household holds at least one person, so a group of fewer than k people is always suppressed.
 * Zero stays zero: saying nobody is in a group reveals no one.
 *
 *   suppressSmallGroups({ elderly_alone: 3, low_income: 12 }, 5)   // → { elderly_alone: null, low_income: 12 }
 */
export function suppressSmallGroups(counts: Record<string, number>, k: number): Record<string, number | null> {
  return Object.fromEntries(Object.entries(counts).map(([group, n]) => [group, n > 0 && n < k ? null : n]));
}
