import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Feature } from 'geojson';
import { toWgs84Features } from '../../server/domain/crs/to_wgs84_features.ts';
import { resolveCrs } from '../../server/domain/crs/resolve_crs.ts';
import { metresPerDegree } from '../../server/domain/assign/metres_per_degree.ts';

// PROJ through GDAL's command-line tools (Debian's gdal-bin; .ci/run installs it): gdaltransform
// keeps the traditional GIS axis order (longitude/easting first), as files do.
const gdal = spawnSync('gdaltransform', ['--version'], { encoding: 'utf8' });
const noGdal = gdal.status !== 0 ? 'gdaltransform (gdal-bin) is not installed: the comparison with PROJ cannot run' : false;

function proj(from: string, to: string, points: number[][]): number[][] {
  const out = spawnSync('gdaltransform', ['-s_srs', from, '-t_srs', to], { input: points.map((p) => `${p[0]} ${p[1]}`).join('\n') + '\n', encoding: 'utf8' });
  if (out.status !== 0) throw new Error(out.stderr);
  return out.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/).slice(0, 2).map(Number));
}

/** A 5 × 5 grid of points across a zone: longitudes around its central meridian, latitudes across China. */
function pointsAround(lon0: number, halfWidth: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) out.push([lon0 - halfWidth + (i * halfWidth) / 2, 18 + j * 8.5]);
  return out;
}

// Each family and datum: 6° and 3° zones with and without the zone prefix, at both ends of the range.
// Xi'an 1980 and Beijing 1954 are compared with their own geographic system: EPSG publishes shifts
// to WGS 84 for a few oil fields only (PROJ picks one where the points fall there, its ballpark
// no-op elsewhere); the service takes the ballpark everywhere and says so (crs_definitions.ts).
const CASES: { epsg: number; lon0: number; half: number; geographic?: number }[] = [
  { epsg: 4491, lon0: 75, half: 3 }, // CGCS2000 6° zone 13
  { epsg: 4501, lon0: 135, half: 3 }, // CGCS2000 6° zone 23
  { epsg: 4502, lon0: 75, half: 3 }, // CGCS2000 6° CM 75E
  { epsg: 4513, lon0: 75, half: 1.5 }, // CGCS2000 3° zone 25
  { epsg: 4527, lon0: 117, half: 1.5 }, // CGCS2000 3° zone 39
  { epsg: 4549, lon0: 120, half: 1.5 }, // CGCS2000 3° CM 120E
  { epsg: 4554, lon0: 135, half: 1.5 }, // CGCS2000 3° CM 135E
  { epsg: 2333, lon0: 111, half: 3, geographic: 4610 }, // Xi'an 1980 6° zone 19
  { epsg: 2345, lon0: 117, half: 3, geographic: 4610 }, // Xi'an 1980 6° CM 117E
  { epsg: 2364, lon0: 120, half: 1.5, geographic: 4610 }, // Xi'an 1980 3° zone 40
  { epsg: 2385, lon0: 120, half: 1.5, geographic: 4610 }, // Xi'an 1980 3° CM 120E
  { epsg: 21419, lon0: 111, half: 3, geographic: 4214 }, // Beijing 1954 6° zone 19
  { epsg: 21460, lon0: 117, half: 3, geographic: 4214 }, // Beijing 1954 6° CM 117E
  { epsg: 2415, lon0: 117, half: 1.5, geographic: 4214 }, // Beijing 1954 3° zone 39
  { epsg: 2436, lon0: 117, half: 1.5, geographic: 4214 }, // Beijing 1954 3° CM 117E
  { epsg: 32650, lon0: 117, half: 3 }, // WGS 84 / UTM 50N
  { epsg: 3857, lon0: 110, half: 30 }, // Web Mercator
  { epsg: 26986, lon0: -71.5, half: 1 }, // Massachusetts State Plane
];

describe.skipIf(noGdal)('reprojection to WGS84 agrees with PROJ within 1 cm', () => {
  for (const c of CASES) {
    it(`EPSG:${c.epsg}`, () => {
      const lonLat = c.epsg === 26986 ? pointsAround(c.lon0, c.half).map(([x, y]) => [x, 41.3 + (y - 18) / 34 * 1.5]) : pointsAround(c.lon0, c.half);
      const geographic = `EPSG:${c.geographic ?? 4326}`;
      const projected = proj(geographic, `EPSG:${c.epsg}`, lonLat);
      const back = proj(`EPSG:${c.epsg}`, geographic, projected);
      const features: Feature[] = projected.map((p) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [...p] } }));
      const report = toWgs84Features(features, null, `EPSG:${c.epsg}`);
      expect(report).toMatchObject({ epsg: c.epsg, from: 'srs' });
      features.forEach((f, i) => {
        const [lon, lat] = (f.geometry as { coordinates: number[] }).coordinates;
        const m = metresPerDegree(lat);
        expect(Math.hypot((lon - back[i][0]) * m.x, (lat - back[i][1]) * m.y)).toBeLessThan(0.01);
      });
    });
  }

  it("reads each system's WKT as GDAL (with its EPSG authority), ESRI (by name) and WKT2 write it", () => {
    for (const c of CASES.filter((x) => x.epsg !== 3857)) {
      for (const format of ['WKT1_GDAL', 'WKT1_ESRI', 'WKT2_2019']) {
        const wkt = spawnSync('projinfo', [`EPSG:${c.epsg}`, '-o', format, '-q', '--single-line'], { encoding: 'utf8' }).stdout.trim();
        const crs = resolveCrs(wkt);
        expect(crs, `${format} of EPSG:${c.epsg}: ${wkt.slice(0, 80)}`).not.toBeNull();
        // ESRI names the state plane its own way; its parameters still go through proj4's WKT reader.
        if (!(format === 'WKT1_ESRI' && c.epsg === 26986)) expect({ format, epsg: (crs as { epsg?: number }).epsg }).toEqual({ format, epsg: c.epsg });
      }
    }
  });
});

describe('guessing and refusing', () => {
  const square = (x: number, y: number, d: number): Feature => ({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] } });

  it('guesses CGCS2000 3° Gauss-Krüger from the zone number before the eastings, and says so', () => {
    const report = toWgs84Features([square(39_500_000, 3_320_000, 100)], null, undefined);
    expect(report).toMatchObject({ epsg: 4527, from: 'guess' });
    expect(report.note).toMatch(/zone number 39/);
  });

  it('guesses WGS 84 for longitudes and latitudes and says that GCJ-02 and BD-09 look the same', () => {
    const report = toWgs84Features([square(120.08, 29.3, 0.01)], null, undefined);
    expect(report).toMatchObject({ epsg: 4326, from: 'guess' });
    expect(report.note).toMatch(/gcj02/);
  });

  it('refuses latitude written first, with a sentence that says so', () => {
    expect(() => toWgs84Features([square(29.3, 120.08, 0.01)], null, undefined)).toThrow(/latitude first/);
    expect(() => toWgs84Features([square(29.3, 120.08, 0.01)], { origin: 'crs member', text: 'urn:ogc:def:crs:EPSG::4326' }, undefined)).toThrow(/latitude first/);
  });

  it('refuses eastings without a zone, since the central meridian cannot be told', () => {
    expect(() => toWgs84Features([square(500_000, 3_320_000, 100)], null, undefined)).toThrow(/central meridian cannot be told/);
  });

  it('undoes GCJ-02 when srs=gcj02 is named', () => {
    const f = square(120.09, 29.3, 0.001);
    toWgs84Features([f], null, 'gcj02');
    const [lon] = (f.geometry as { coordinates: number[][][] }).coordinates[0][0];
    expect(Math.abs(lon - 120.09)).toBeGreaterThan(0.003);
  });

  it('names the unknown system and where it was read', () => {
    expect(() => toWgs84Features([square(1, 1, 1)], { origin: 'prj', text: 'PROJCS["Nowhere",GEOGCS["Mars",DATUM["m",SPHEROID["m",1,0]],PRIMEM["G",0],UNIT["Degree",0.0174532925199433]],PROJECTION["Made_Up"],UNIT["Meter",1]]' }, undefined)).toThrow(/the \.prj names a coordinate system this service does not know/);
  });
});
