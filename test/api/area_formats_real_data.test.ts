import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/test_db.ts';
import { startTestServer, type TestServer } from '../helpers/test_server.ts';
import { realDataDir, realDataMissing } from '../helpers/real_data.ts';

// Cambridge's 13 neighbourhoods written by GDAL (ogr2ogr, Debian's gdal-bin) in each format and
// coordinate system a planning office might hand over; each must import to the same areas as the
// GeoJSON it came from, within 1 cm.
//
// The Gauss-Krüger case: Cambridge (71°W) lies outside China's zones, so the file is written in a
// Gauss-Krüger projection of the CGCS2000 ellipsoid (GRS80, k = 1, x_0 = 500 km) whose central
// meridian is 72°W: the same mathematics as EPSG:4549 and its siblings, near enough to its central
// meridian for the projection to be what a real zone is (test/unit/crs_against_proj.test.ts checks
// the EPSG zones themselves against PROJ over China).
const HOODS = 'cambridge/BOUNDARY_CDDNeighborhoods.geojson';
const GK_WEST_72 = '+proj=tmerc +lat_0=0 +lon_0=-72 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';
const noGdal = spawnSync('ogr2ogr', ['--version']).status !== 0 ? 'ogr2ogr (gdal-bin) is not installed: the files cannot be written' : false;
const skip = realDataMissing(HOODS) ?? noGdal;
if (noGdal) console.warn(`skipping: ${noGdal}`);

function ogr2ogr(args: string[]): void {
  const r = spawnSync('ogr2ogr', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ogr2ogr ${args.join(' ')}: ${r.stderr}`);
}

/** Every file of a folder, zipped (a Shapefile as an office sends it). */
function zipFolder(dir: string): Uint8Array {
  return zipSync(Object.fromEntries(readdirSync(dir).map((f) => [f, new Uint8Array(readFileSync(path.join(dir, f)))])));
}

describe.skipIf(skip)('areas from GDAL-written files of real data (Cambridge neighbourhoods)', () => {
  let t: TestDb;
  let api: TestServer;
  let dir: string;
  const src = path.join(realDataDir, HOODS);
  const mapping = 'code_field=N_HOOD&name_field=NAME&level=neighbourhood';

  beforeAll(async () => {
    t = await createTestDb('empty');
    api = await startTestServer(t.db);
    dir = mkdtempSync(path.join(tmpdir(), 'gridwork-formats-'));
    const res = await api.post(`/api/areas/import?${mapping}`, JSON.parse(readFileSync(src, 'utf8')));
    expect(res.status).toBe(201);
    await t.db.query('create table ref as select code, name, geom from area');
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await t?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The largest distance between a stored area and its reference, in metres (an upper bound: degrees × 111.32 km). */
  async function farthestFromReference(level = 'neighbourhood'): Promise<{ n: number; metres: number; names: number }> {
    const [row] = await t.db.query<{ n: number; metres: number; names: number }>(
      `select count(*)::int as n, max(st_hausdorffdistance(a.geom, r.geom)) * 111320 as metres, count(*) filter (where a.name = r.name)::int as names
         from area a join ref r on r.code = a.code where a.level = $1::text`,
      [level],
    );
    return row;
  }

  async function postFile(query: string, bytes: Uint8Array, type = 'application/octet-stream') {
    const res = await api.request(`/api/areas/import?${query}`, { method: 'POST', headers: { 'content-type': type }, body: new Blob([bytes as Uint8Array<ArrayBuffer>]) });
    return { status: res.status, body: await res.json() };
  }

  // KML keeps the NAME field as each placemark's <name>.
  const variants: { name: string; write: (out: string) => Uint8Array; type?: string; crs: RegExp; from: string; mapping?: string }[] = [
    { name: 'Shapefile (zip) in WGS 84', write: (out) => (ogr2ogr(['-f', 'ESRI Shapefile', '-lco', 'ENCODING=UTF-8', path.join(out, 'hoods.shp'), src]), zipFolder(out)), type: 'application/zip', crs: /WGS 84/, from: 'prj' },
    { name: 'Shapefile (zip) in Massachusetts State Plane (EPSG:26986)', write: (out) => (ogr2ogr(['-f', 'ESRI Shapefile', '-t_srs', 'EPSG:26986', path.join(out, 'hoods.shp'), src]), zipFolder(out)), crs: /Massachusetts/, from: 'prj' },
    { name: 'Shapefile (zip) in CGCS2000-ellipsoid Gauss-Krüger, CM 72°W', write: (out) => (ogr2ogr(['-f', 'ESRI Shapefile', '-t_srs', GK_WEST_72, path.join(out, 'hoods.shp'), src]), zipFolder(out)), crs: /Transverse|Gauss|unknown|WKT/i, from: 'prj' },
    { name: 'GeoPackage in WGS 84', write: (out) => (ogr2ogr(['-f', 'GPKG', path.join(out, 'h.gpkg'), src]), readFileSync(path.join(out, 'h.gpkg'))), type: 'application/geopackage+sqlite3', crs: /WGS 84/, from: 'geopackage' },
    { name: 'GeoPackage in Massachusetts State Plane', write: (out) => (ogr2ogr(['-f', 'GPKG', '-t_srs', 'EPSG:26986', path.join(out, 'h.gpkg'), src]), readFileSync(path.join(out, 'h.gpkg'))), crs: /EPSG:26986/, from: 'geopackage' },
    { name: 'KML', write: (out) => (ogr2ogr(['-f', 'KML', path.join(out, 'h.kml'), src]), readFileSync(path.join(out, 'h.kml'))), type: 'application/vnd.google-earth.kml+xml', crs: /WGS 84/, from: 'kml', mapping: 'code_field=N_HOOD&name_field=name&level=neighbourhood' },
    { name: 'KMZ', write: (out) => (ogr2ogr(['-f', 'LIBKML', path.join(out, 'h.kmz'), src]), readFileSync(path.join(out, 'h.kmz'))), crs: /WGS 84/, from: 'kml', mapping: 'code_field=N_HOOD&name_field=name&level=neighbourhood' },
    { name: 'GeoJSON in State Plane with its crs member', write: (out) => (ogr2ogr(['-f', 'GeoJSON', '-t_srs', 'EPSG:26986', path.join(out, 'h.geojson'), src]), readFileSync(path.join(out, 'h.geojson'))), type: 'application/geo+json', crs: /EPSG:26986/, from: 'crs member' },
    { name: 'GeoJSON Text Sequence', write: (out) => (ogr2ogr(['-f', 'GeoJSONSeq', '-lco', 'RS=YES', path.join(out, 'h.geojsons'), src]), readFileSync(path.join(out, 'h.geojsons'))), type: 'application/geo+json-seq', crs: /WGS 84/, from: 'guess' },
  ];

  for (const v of variants) {
    it(`${v.name}: the same 13 areas within 1 cm, names intact`, async () => {
      const out = mkdtempSync(path.join(dir, 'v-'));
      const bytes = v.write(out);
      const res = await postFile(`${v.mapping ?? mapping}&mode=upsert`, bytes, v.type);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.written).toBe(13);
      expect(res.body.crs.name).toMatch(v.crs);
      expect(res.body.crs.from).toBe(v.from);
      const far = await farthestFromReference();
      expect(far.n).toBe(13);
      expect(far.names).toBe(13);
      expect(far.metres).toBeLessThan(0.01);
    }, 60_000);
  }

  it('DXF (hatches, written in State Plane) with srs=EPSG:26986: each neighbourhood within 1 cm of one hatch', async () => {
    const out = mkdtempSync(path.join(dir, 'dxf-'));
    ogr2ogr(['-f', 'DXF', '-t_srs', 'EPSG:26986', path.join(out, 'h.dxf'), src]);
    const res = await postFile('code_field=handle&level=cad_hood&srs=EPSG:26986', readFileSync(path.join(out, 'h.dxf')));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ written: 13, format: 'dxf', crs: { epsg: 26986, from: 'srs' } });
    const [row] = await t.db.query<{ metres: number; layer: string }>(
      `select max(d) * 111320 as metres, min(layer) as layer from (
         select (select min(st_hausdorffdistance(a.geom, r.geom)) from area a where a.level = 'cad_hood') as d,
                (select a.attrs->>'layer' from area a where a.level = 'cad_hood' limit 1) as layer from ref r) x`,
    );
    expect(row.layer).toBe('0');
    expect(row.metres).toBeLessThan(0.01);
  }, 60_000);
});
