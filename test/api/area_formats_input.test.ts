import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';

// Files a town hands over, made here: a GBK .dbf with no .cpg (by ogr2ogr), hand-written DXF,
// and every kind of bad file, each refused with a 400 naming the part and nothing written.
const noGdal = spawnSync('ogr2ogr', ['--version']).status !== 0 ? 'ogr2ogr (gdal-bin) is not installed: the GBK Shapefile cannot be written' : false;
if (noGdal) console.warn(`skipping the GBK Shapefile test: ${noGdal}`);

const square = (code: string, name: string, x: number, y: number, d = 0.01) => ({
  type: 'Feature',
  properties: { code, name, level: 'grid' },
  geometry: { type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] },
});

/** A DXF of the given entities (R12-style ENTITIES section is all dxf-parser needs). */
function dxf(entities: string[]): string {
  return ['0', 'SECTION', '2', 'ENTITIES', ...entities.flatMap((e) => e.split('\n')), '0', 'ENDSEC', '0', 'EOF', ''].join('\n');
}
const lwpolyline = (layer: string, closed: boolean, points: number[][]) =>
  ['0', 'LWPOLYLINE', '8', layer, '90', String(points.length), '70', closed ? '1' : '0', ...points.flatMap(([x, y]) => ['10', String(x), '20', String(y)])].join('\n');

describe('area files: formats, encodings and refusals', () => {
  let t: TestDb;
  let api: TestServer;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDb('empty');
    api = await startTestServer(t.db);
    dir = mkdtempSync(path.join(tmpdir(), 'gridwork-area-input-'));
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await t?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const count = async () => (await t.db.query<{ n: number }>('select count(*)::int as n from area'))[0].n;
  async function postFile(query: string, bytes: Uint8Array | string, type = 'application/octet-stream') {
    const body = typeof bytes === 'string' ? bytes : new Blob([bytes as Uint8Array<ArrayBuffer>]);
    const res = await api.request(`/api/areas/import?${query}`, { method: 'POST', headers: { 'content-type': type }, body });
    return { status: res.status, body: await res.json() };
  }

  it.skipIf(noGdal)('reads a GBK .dbf that comes without a .cpg (and with its code page byte cleared)', async () => {
    const src = path.join(dir, 'gbk.geojson');
    writeFileSync(src, JSON.stringify({ type: 'FeatureCollection', features: [square('G1', '青溪镇第一网格', 120.08, 29.3), square('G2', '东门社区网格', 120.09, 29.3)] }));
    const out = mkdtempSync(path.join(dir, 'shp-'));
    const r = spawnSync('ogr2ogr', ['-f', 'ESRI Shapefile', '-lco', 'ENCODING=CP936', path.join(out, 'g.shp'), src]);
    expect(r.status).toBe(0);
    rmSync(path.join(out, 'g.cpg'), { force: true });
    const dbf = readFileSync(path.join(out, 'g.dbf'));
    dbf[29] = 0; // no language driver: the text itself must tell
    writeFileSync(path.join(out, 'g.dbf'), dbf);
    expect(readdirSync(out).some((f) => f.endsWith('.cpg'))).toBe(false);
    const files = Object.fromEntries(readdirSync(out).map((f) => [f, new Uint8Array(readFileSync(path.join(out, f)))]));
    const res = await postFile('', zipSync(files), 'application/zip');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.format).toBe('shapefile');
    const names = await t.db.query<{ name: string }>(`select name from area where code in ('G1', 'G2') order by code`);
    expect(names.map((n) => n.name)).toEqual(['青溪镇第一网格', '东门社区网格']);
    await t.db.query('delete from area');
  });

  it('reads closed polylines of a DXF as areas, their CAD layer as the level', async () => {
    const text = dxf([
      lwpolyline('grid', true, [[39_500_000, 3_320_000], [39_500_100, 3_320_000], [39_500_100, 3_320_100], [39_500_000, 3_320_100]]),
      lwpolyline('grid', false, [[39_500_200, 3_320_000], [39_500_300, 3_320_000]]),
    ]);
    const res = await postFile('code=D1&level_field=layer', text, 'image/vnd.dxf');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ written: 1, format: 'dxf', crs: { epsg: 4527, from: 'guess' } });
    expect(res.body.crs.note).toMatch(/zone number 39/);
    const [a] = await t.db.query<{ level: string; lon: number }>(`select level, st_x(st_centroid(geom)) as lon from area where code = 'D1'`);
    expect(a.level).toBe('grid');
    expect(a.lon).toBeCloseTo(117, 2);
    await t.db.query('delete from area');
  });

  const refusals: { name: string; body: () => Uint8Array | string; type?: string; query?: string; expected: RegExp; part: RegExp }[] = [
    { name: 'a zip without a .shp', body: () => zipSync({ 'grids.dbf': strToU8('x'), 'grids.prj': strToU8('GEOGCS["x"]') }), type: 'application/zip', expected: /no \.shp file/, part: /\.shp/ },
    {
      name: 'a .prj naming an unknown coordinate system',
      body: () => {
        return zipSync({ 'g.shp': shpOfOneSquare(), 'g.prj': strToU8('PROJCS["Nowhere_Grid",GEOGCS["GCS_Mars",DATUM["D_Mars",SPHEROID["Mars",3396190,169.89]],PRIMEM["Greenwich",0],UNIT["Degree",0.0174532925199433]],PROJECTION["Made_Up_Projection"],UNIT["Meter",1]]') });
      },
      expected: /\.prj names a coordinate system this service does not know/,
      part: /prj/,
    },
    { name: 'a DXF with open polylines only', body: () => dxf([lwpolyline('grid', false, [[0, 0], [10, 0], [10, 10]]), lwpolyline('grid', false, [[20, 0], [30, 0]])]), expected: /2 open polyline\(s\) and no closed polyline or hatch/, part: /DXF/ },
    { name: 'a GeoPackage that is not SQLite', body: () => strToU8('this is a text file, not a database'), type: 'application/geopackage+sqlite3', expected: /is not an SQLite database/, part: /GeoPackage/ },
    {
      name: 'a zip bomb (entries declaring more than the unpacked limit)',
      body: () => declareSize(zipSync({ 'g.shp': new Uint8Array(1000), 'g.dbf': new Uint8Array(10) }), 'g.shp', 0xfffffff0),
      type: 'application/zip',
      expected: /past the limit of 512 MB/,
      part: /g\.shp/,
    },
    { name: 'a path in the zip that leaves its folder', body: () => zipSync({ '../../etc/g.shp': new Uint8Array(100), 'g.dbf': new Uint8Array(10) }), type: 'application/zip', expected: /path that leaves the archive's folder/, part: /\.\.\/\.\.\/etc\/g\.shp/ },
    { name: 'latitude written first', body: () => JSON.stringify({ type: 'FeatureCollection', features: [square('S1', 's', 29.3, 120.08)] }), type: 'application/json', expected: /latitude first/, part: /geometry/ },
    { name: 'srs= naming an unknown system', body: () => JSON.stringify({ type: 'FeatureCollection', features: [square('S1', 's', 120.08, 29.3)] }), type: 'application/json', query: 'srs=EPSG:99999', expected: /srs= names a coordinate system this service does not know/, part: /srs/ },
  ];
  for (const c of refusals) {
    it(`refuses ${c.name}: 400 naming the part, nothing written`, async () => {
      const before = await count();
      const res = await postFile(c.query ?? 'level=grid', c.body(), c.type);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.message).toMatch(c.expected);
      expect(res.body.message).toMatch(/Nothing was written|nothing was written/);
      expect(res.body.problems.map((p: { field?: string; problem: string }) => `${p.field} ${p.problem}`).join('; ')).toMatch(c.part);
      expect(await count()).toBe(before);
    });
  }
});

/** A zip whose central directory says `name` unpacks to `size` bytes (what a zip bomb declares). */
function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let i = 0; i < zip.length - 46; i++) {
    if (view.getUint32(i, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(i + 28, true);
    if (new TextDecoder().decode(zip.subarray(i + 46, i + 46 + nameLength)) === name) view.setUint32(i + 24, size, true);
  }
  return zip;
}

/** The .shp of one unit square (ESRI Shapefile Technical Description, polygon type 5). */
function shpOfOneSquare(): Uint8Array {
  const points = [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]];
  const content = 4 + 32 + 4 + 4 + 4 + points.length * 16;
  const buf = new ArrayBuffer(100 + 8 + content);
  const v = new DataView(buf);
  v.setInt32(0, 9994);
  v.setInt32(24, (100 + 8 + content) / 2);
  v.setInt32(28, 1000, true);
  v.setInt32(32, 5, true);
  [0, 0, 1, 1].forEach((x, i) => v.setFloat64(36 + i * 8, x, true));
  v.setInt32(100, 1);
  v.setInt32(104, content / 2);
  v.setInt32(108, 5, true);
  [0, 0, 1, 1].forEach((x, i) => v.setFloat64(112 + i * 8, x, true));
  v.setInt32(144, 1, true);
  v.setInt32(148, points.length, true);
  v.setInt32(152, 0, true);
  points.forEach(([x, y], i) => {
    v.setFloat64(156 + i * 16, x, true);
    v.setFloat64(164 + i * 16, y, true);
  });
  return new Uint8Array(buf);
}
