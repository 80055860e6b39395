/**
 * Bad request bodies for the write-route fuzz test (fuzz_write_routes.test.ts), generated from a
 * seeded random source so that a failing case is reproduced by its seed. Every body here is wrong
 * for every route: none may be answered with anything but a 4xx, and none may write.
 */
import type seedrandom from 'seedrandom';

export interface BadBody {
  /** What the case is, for the failure message. */
  name: string;
  contentType: string;
  body: string | Uint8Array;
  /** The status the case must get, when only one is right; otherwise any 4xx. */
  status?: number;
  /** A word the message must contain (e.g. the position of a JSON syntax error). */
  says?: RegExp;
}

type Rng = seedrandom.PRNG;

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];

/** A valid-looking square near the demo town, [lon, lat] pairs, closed. */
function ring(rng: Rng): number[][] {
  const x = 120.08 + rng() * 0.01;
  const y = 29.3 + rng() * 0.01;
  const d = 0.001 + rng() * 0.002;
  return [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];
}

/** JSON texts that do not parse: truncated, trailing commas, unquoted keys, NaN, stray bytes. */
export function malformedJson(rng: Rng, valid: string): BadBody[] {
  const cut = 1 + Math.floor(rng() * (valid.length - 2));
  const at = Math.floor(rng() * valid.length);
  return [
    { name: 'truncated JSON', contentType: 'application/json', body: valid.slice(0, cut), status: 400, says: /character \d+/ },
    { name: 'trailing comma', contentType: 'application/json', body: valid.replace(/\}$/, ',}'), status: 400, says: /character \d+/ },
    { name: 'unquoted key', contentType: 'application/json', body: '{category: "dispute"}', status: 400, says: /character \d+/ },
    { name: 'NaN literal', contentType: 'application/json', body: '{"lon": NaN, "lat": 29.3}', status: 400, says: /character \d+/ },
    { name: 'a stray byte inside', contentType: 'application/json', body: `${valid.slice(0, at)}\u0001${valid.slice(at)}`, status: 400 },
    { name: 'random bytes', contentType: 'application/json', body: Uint8Array.from({ length: 64 + Math.floor(rng() * 64) }, () => Math.floor(rng() * 256)), status: 400 },
    { name: 'two documents', contentType: 'application/json', body: `${valid}${valid}`, status: 400, says: /character \d+/ },
    { name: 'a bare number (not an object)', contentType: 'application/json', body: String(Math.floor(rng() * 1000)), status: 400 },
  ];
}

/** Nesting far past the limit, and just under it (which the validators must survive too). */
export function deepNesting(rng: Rng, limit: number): BadBody[] {
  // Deep, yet under the test app's 16 kB body limit, so that the depth check answers and not the size limit.
  const deep = limit + 2 + Math.floor(rng() * 2000);
  return [
    { name: `arrays ${deep} deep`, contentType: 'application/json', body: '['.repeat(deep) + ']'.repeat(deep), status: 400, says: /deep/ },
    { name: `objects ${deep} deep`, contentType: 'application/json', body: '{"a":'.repeat(deep) + '1' + '}'.repeat(deep), status: 400, says: /deep/ },
    { name: `unclosed arrays ${deep} deep`, contentType: 'application/json', body: '['.repeat(deep), status: 400 },
    { name: `coordinates ${limit - 4} deep (under the limit)`, contentType: 'application/json', body: JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: 'X' }, geometry: { type: 'Polygon', coordinates: nest(limit - 6) } }] }) },
  ];
}

function nest(depth: number): unknown {
  let v: unknown = [1, 2];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** Right syntax, wrong types and shapes. */
export function wrongTypes(rng: Rng): BadBody[] {
  const values: unknown[] = [null, true, 0, -1, 1e308, 'x'.repeat(Math.floor(rng() * 10)), [], {}, [null], { type: 'Point' }];
  const json = (name: string, v: unknown): BadBody => ({ name, contentType: 'application/json', body: JSON.stringify(v) });
  const randomObject = () => Object.fromEntries(Array.from({ length: 1 + Math.floor(rng() * 6) }, () => [pick(rng, ['id', 'category', 'points', 'staff', 'orgs', 'rules', 'features', 'type', 'action', 'username', 'password', 'roles', 'lon', 'lat', 'location', 'problem_id', 'root', 'kind']), pick(rng, values)]));
  return [
    json('an empty array', []),
    json('an array of nulls', [null, null]),
    json('random keys with wrong types (1)', randomObject()),
    json('random keys with wrong types (2)', randomObject()),
    json('random keys with wrong types (3)', randomObject()),
    json('every field null', { id: null, category: null, location: null, points: null, staff: null, orgs: null, rules: null, features: null, username: null, password: null, action: null, root: null }),
    json('numbers as strings and strings as numbers', { id: 12, category: 3, severity: 'medium', description: 5, location: { lon: '120.08', lat: '29.3' }, points: '1,2', staff: 'x', rules: 'all', username: 1, password: 2, action: 9, by: [], problem_id: {}, type: 7, root: [] }),
    json('a FeatureCollection of strings', { type: 'FeatureCollection', features: ['a', 1, null] }),
    // JSON.parse reads 1e999 as Infinity: a number no coordinate may be.
    { name: 'Infinity as a number (1e999)', contentType: 'application/json', body: '{"location":{"lon":1e999,"lat":29.3},"points":[{"lon":1e999,"lat":29.3}],"features":[{"type":"Feature","properties":{"code":"INF"},"geometry":{"type":"Point","coordinates":[1e999,29.3]}}]}' },
  ];
}

/** GeoJSON whose geometry is broken: each kind of defect the brief names. */
export function invalidGeometries(rng: Rng): BadBody[] {
  const r = ring(rng);
  const [x, y] = r[0];
  const d = r[1][0] - x;
  const fc = (name: string, geometry: unknown, extra: Record<string, unknown> = {}): BadBody => ({
    name,
    contentType: 'application/geo+json',
    body: JSON.stringify({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { code: `FZ${Math.floor(rng() * 1e6)}`, name: 'fuzz', level: 'grid', parent_code: '330782101', id: `fz-${Math.floor(rng() * 1e6)}`, category: 'shop', ...extra }, geometry }],
    }),
  });
  const bowtie = [[x, y], [x + d, y + d], [x + d, y], [x, y + d], [x, y]];
  return [
    fc('a self-intersecting polygon (bow tie)', { type: 'Polygon', coordinates: [bowtie] }),
    fc('an unclosed ring', { type: 'Polygon', coordinates: [r.slice(0, 4)] }),
    fc('a ring of two points', { type: 'Polygon', coordinates: [[[x, y], [x, y]]] }),
    fc('coordinates out of range', { type: 'Polygon', coordinates: [r.map(([a, b]) => [a + 200, b + 100])] }),
    fc('a point out of range', { type: 'Point', coordinates: [181 + rng() * 100, -91 - rng() * 10] }),
    fc('NaN as a string in coordinates', { type: 'Point', coordinates: ['NaN', y] }),
    fc('null coordinates', { type: 'Polygon', coordinates: [[null, null, null, null]] }),
    fc('wrong nesting: a Polygon of bare positions', { type: 'Polygon', coordinates: r }),
    fc('wrong nesting: a MultiPolygon one level short', { type: 'MultiPolygon', coordinates: [r] }),
    fc('a Point with one coordinate', { type: 'Point', coordinates: [x] }),
    fc('an unknown geometry type', { type: 'Polygonn', coordinates: [r] }),
    fc('a geometry of null', null),
    fc('empty coordinates', { type: 'MultiPolygon', coordinates: [] }),
    fc('a GeometryCollection', { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [x, y] }] }),
    { name: 'a Feature without a collection', contentType: 'application/json', body: JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [x, y] } }) },
    { name: 'a TopoJSON with arcs out of bounds', contentType: 'application/json', body: JSON.stringify({ type: 'Topology', objects: { a: { type: 'GeometryCollection', geometries: [{ type: 'Polygon', arcs: [[99]], properties: { code: 'T1' } }] } }, arcs: [[[0, 0], [1, 1]]] }) },
  ];
}

/** CSV that cannot be read as points: broken quotes, ragged rows, missing and non-numeric columns, binary. */
export function brokenCsv(rng: Rng): BadBody[] {
  const n = 1 + Math.floor(rng() * 5);
  const rows = Array.from({ length: n }, (_, i) => `h${i},${120.08 + rng() * 0.01},${29.3 + rng() * 0.01},addr ${i},3,0`);
  const csv = (name: string, text: string): BadBody => ({ name, contentType: 'text/csv', body: text });
  return [
    csv('an unclosed quote', `id,lon,lat,address,people,floating\n${rows[0]}\n"h9,120.08,29.3,"unclosed,1,0\n`),
    csv('ragged rows', `id,lon,lat,address,people,floating\n${rows.join(',extra,cells\n')}\nonly,two\n`),
    csv('no lon or lat column', `id,x,y,address\nh1,120.08,29.3,a\n`),
    csv('words for coordinates', `id,lon,lat,address,people,floating\nh1,east,north,a,1,0\n`),
    csv('coordinates out of range', `id,lon,lat,address,people,floating\nh1,500,-200,a,1,0\n`),
    csv('a header only', 'id,lon,lat,address,people,floating\n'),
    csv('empty', ''),
    csv('people as a word', `id,lon,lat,address,people,floating\n${rows[0].replace(/,3,0$/, ',many,0')}\n`),
    { name: 'binary as CSV', contentType: 'text/csv', body: Uint8Array.from({ length: 256 }, () => Math.floor(rng() * 256)) },
  ];
}

/** A body in a media type no write route reads. */
export function wrongContentTypes(valid: string): BadBody[] {
  return [
    { name: 'XML', contentType: 'application/xml', body: '<event><category>dispute</category></event>', status: 415, says: /application\/json|text\/csv|form/ },
    { name: 'JSON sent as octet-stream', contentType: 'application/octet-stream', body: valid, status: 415 },
    // A byte array goes without a Content-Type header (a string would be sent as text/plain).
    { name: 'JSON without a content type', contentType: '', body: new TextEncoder().encode(valid), status: 415 },
  ];
}
