/** One changed field of an audit entry: its path (`grants[1].role`), and the value before and after. */
export interface DiffRow {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const isGeometry = (v: unknown): v is { type: string } & Record<string, unknown> => isObject(v) && typeof v.type === 'string' && ('coordinates' in v || 'geometries' in v);
const isPlainList = (v: unknown): boolean => Array.isArray(v) && v.every((x) => !(isObject(x) || Array.isArray(x)));

// A geometry or a list of plain values (coordinates, codes, flags) reads best as one value: its
// members one per row would bury the change in thousands of numbers.
const isLeaf = (v: unknown): boolean => !(isObject(v) || Array.isArray(v)) || isGeometry(v) || isPlainList(v) || (isObject(v) && Object.keys(v).length === 0);

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const join = (path: string, key: string | number): string => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/**
 * The fields that differ between an audit entry's `before` and `after`, walked through objects and
 * arrays (by index) down to plain values, geometries and lists of plain values; unchanged fields
 * are left out. A side that is null or absent (a creation, a deletion) makes every field of the
 * other side added or removed. At most `limit` rows; `omitted` counts the rest.
 *
 *   auditDiff({ display_name: '王伟', disabled: false }, { display_name: '王伟', disabled: true })
 *   // → { rows: [{ path: 'disabled', kind: 'changed', before: false, after: true }], omitted: 0 }
 */
export function auditDiff(before: unknown, after: unknown, limit = 200): { rows: DiffRow[]; omitted: number } {
  const rows: DiffRow[] = [];
  let omitted = 0;
  const push = (row: DiffRow) => (rows.length < limit ? rows.push(row) : omitted++);
  const walk = (path: string, a: unknown, b: unknown): void => {
    if (a === undefined || a === null) {
      if (b === undefined || b === null) return;
      if (isLeaf(b)) return void push({ path, kind: 'added', after: b });
      return each(b, (k, v) => walk(join(path, k), undefined, v));
    }
    if (b === undefined || b === null) {
      if (isLeaf(a)) return void push({ path, kind: 'removed', before: a });
      return each(a, (k, v) => walk(join(path, k), v, undefined));
    }
    if (same(a, b)) return;
    const bothObjects = isObject(a) && isObject(b) && !isGeometry(a) && !isGeometry(b);
    const bothArrays = Array.isArray(a) && Array.isArray(b) && !(isPlainList(a) && isPlainList(b));
    if (bothObjects) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(join(path, key), a[key], b[key]);
      return;
    }
    if (bothArrays) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(join(path, i), a[i], b[i]);
      return;
    }
    push({ path, kind: 'changed', before: a, after: b });
  };
  walk('', before, after);
  return { rows, omitted };
}

function each(v: unknown, fn: (key: string | number, value: unknown) => void): void {
  if (Array.isArray(v)) v.forEach((x, i) => fn(i, x));
  else if (isObject(v)) for (const [k, x] of Object.entries(v)) fn(k, x);
}

/**
 * A value as one short line for the diff table: text as is, a geometry as its type and point
 * count, anything else as JSON cut at `max` characters.
 *
 *   diffValue({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] })  // → 'Polygon (4 points)'
 */
export function diffValue(v: unknown, max = 160): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v.length > max ? `${v.slice(0, max - 1)}…` : v;
  if (isGeometry(v)) return `${v.type} (${countPoints(v)} points)`;
  const text = JSON.stringify(v);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function countPoints(v: unknown): number {
  if (Array.isArray(v)) return v.length && typeof v[0] === 'number' ? 1 : v.reduce((n: number, x) => n + countPoints(x), 0);
  if (isObject(v)) return countPoints(v.coordinates ?? v.geometries ?? []);
  return 0;
}
