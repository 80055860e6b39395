/** Where one register row's address led. Indexes point into the address list given to the matcher. */
export type AddressMatch =
  | { status: 'matched'; how: 'exact' | 'building' | 'fuzzy'; address: number; score: number }
  | { status: 'ambiguous'; candidates: number[] }
  | { status: 'unmatched' };

/** What a fuzzy match must reach (Dice over the characters of the words) and lead the next by; below CANDIDATE_MIN an address is no candidate. */
const FUZZY_MIN = 0.7;
const FUZZY_LEAD = 0.1;
const CANDIDATE_MIN = 0.5;
const MAX_CANDIDATES = 5;

/**
 * A matcher over a list of normalised addresses (normaliseAddress), built once and asked many
 * times. Looked up in this order, each by index, never by comparing every pair:
 * 1. exact: the same key (one address: matched; several: ambiguous, with them as candidates);
 * 2. building: the key without its room number (…2单元401 → …2单元), then without its unit too
 *    (…3幢2单元401 → …3幢), as a household's address names a room in a building the register holds;
 * 3. fuzzy: addresses with the same numbers in the same order (numbers must agree: 12号 is never
 *    21号), scored by how many characters of their words they share (Dice), found through an index
 *    of those characters; the best is taken when it scores at least 0.7 and leads the next by 0.1, else
 *    the best few are the candidates of an ambiguous row.
 *
 * @example
 * const match = addressMatcher(['和平路12号3幢', '和平路14号']);
 * match('和平路12号3幢2单元401') // { status: 'matched', how: 'building', address: 0, score: 1 }
 */
export function addressMatcher(keys: readonly string[]): (key: string) => AddressMatch {
  const exact = new Map<string, number[]>();
  // numbers signature → character → addresses holding that character
  const pairs = new Map<string, Map<string, number[]>>();
  const pairCount = new Int32Array(keys.length);
  keys.forEach((key, i) => {
    push(exact, key, i);
    const { numbers, words } = split(key);
    let byPair = pairs.get(numbers);
    if (!byPair) pairs.set(numbers, (byPair = new Map()));
    const own = wordChars(words);
    pairCount[i] = own.size;
    for (const p of own) push(byPair, p, i);
  });

  return (key: string): AddressMatch => {
    const same = exact.get(key);
    if (same) return same.length === 1 ? { status: 'matched', how: 'exact', address: same[0], score: 1 } : { status: 'ambiguous', candidates: same.slice(0, MAX_CANDIDATES) };
    // A room, then a unit, taken off the end: the register may hold the building only.
    const room = key.replace(/(幢|单元|号|弄)\d+$/, '$1');
    const wider = [room, room.replace(/\d+单元$/, '')].filter((k, i, all) => k !== key && all.indexOf(k) === i);
    for (const k of wider) {
      const inBuilding = exact.get(k);
      if (inBuilding) return inBuilding.length === 1 ? { status: 'matched', how: 'building', address: inBuilding[0], score: 1 } : { status: 'ambiguous', candidates: inBuilding.slice(0, MAX_CANDIDATES) };
    }
    for (const k of [key, ...wider]) {
      const found = fuzzy(k);
      if (found) return found;
    }
    return { status: 'unmatched' };
  };

  function fuzzy(key: string): AddressMatch | null {
    const { numbers, words } = split(key);
    const byPair = pairs.get(numbers);
    if (!byPair) return null;
    const own = wordChars(words);
    if (own.size === 0) return null;
    const shared = new Map<number, number>();
    for (const p of own) for (const i of byPair.get(p) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
    const scored = [...shared].map(([i, n]) => ({ i, score: (2 * n) / (own.size + pairCount[i]) })).sort((a, b) => b.score - a.score || a.i - b.i);
    if (scored.length === 0 || scored[0].score < CANDIDATE_MIN) return null;
    const [best, next] = scored;
    if (best.score >= FUZZY_MIN && (!next || best.score - next.score >= FUZZY_LEAD)) return { status: 'matched', how: 'fuzzy', address: best.i, score: round(best.score) };
    return { status: 'ambiguous', candidates: scored.filter((s) => s.score >= CANDIDATE_MIN).slice(0, MAX_CANDIDATES).map((s) => s.i) };
  }
}

/** The numbers of a key in order (its signature) and its words (what lies between them). */
function split(key: string): { numbers: string; words: string } {
  return { numbers: (key.match(/\d+/g) ?? []).join('|'), words: key.replace(/\d+/g, '|') };
}

/**
 * The distinct characters of the words, without those that only say what a number counts (号, 幢,
 * 单元, 弄, 室), which every address shares. Single characters rather than pairs: names are short
 * (和平东路 against 和平路 share three of four characters but one pair of three).
 */
function wordChars(words: string): Set<string> {
  const out = new Set<string>();
  for (const c of words) if (!UNIT_CHARS.has(c)) out.add(c);
  return out;
}

const UNIT_CHARS = new Set(['|', '号', '幢', '单', '元', '弄', '室']);

function push<K>(map: Map<K, number[]>, key: K, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

const round = (x: number) => Math.round(x * 1000) / 1000;
