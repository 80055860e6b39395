import proj4 from 'proj4';
import gcoord from 'gcoord';
import type { Feature } from 'geojson';
import { ValidationError } from '../../errors.ts';
import { resolveCrs, type CrsOrigin, type ResolvedCrs } from './resolve_crs.ts';
import { guessCrs, swappedSentence, type CoordinateBox } from './guess_crs.ts';

/** What a reader found about a file's coordinate system, before it is decided. */
export interface CrsHint {
  origin: CrsOrigin;
  /** The text that names it: a .prj's WKT, a `crs` member's name, an EPSG code. */
  text: string;
}

/** The coordinate system an import was read in, as the response tells it. */
export interface CrsReport {
  name: string;
  epsg?: number;
  /** Where it came from: `srs`, `prj`, `crs member`, `geopackage`, `kml`, or `guess`. */
  from: CrsOrigin;
  /** For a guess (or a caveat about the datum), the sentence that says what was assumed. */
  note?: string;
}

const FROM: Record<CrsOrigin, string> = { srs: 'srs=', prj: 'the .prj', 'crs member': "the GeoJSON's crs member", geopackage: "the GeoPackage's spatial reference", kml: 'KML (always WGS 84)', guess: 'a guess' };

/**
 * Brings features read from a file to WGS84 longitude/latitude, in place, deciding their
 * coordinate system once: `srs` (the caller's word) over what the file says (`hint`) over a
 * guess from the numbers (guess_crs.ts), which the report then says. Coordinates written
 * latitude first are refused with a sentence that says so, never stored swapped.
 *
 * @example toWgs84Features(features, { origin: 'prj', text: wkt }, undefined)
 *          // { name: 'CGCS2000 / 3-degree Gauss-Kruger CM 117E (EPSG:4548)', epsg: 4548, from: 'prj' }
 */
export function toWgs84Features(features: Feature[], hint: CrsHint | null, srs: string | undefined): CrsReport {
  const box = boxOf(features);
  let crs: ResolvedCrs;
  let report: CrsReport;
  const chosen = srs ? { origin: 'srs' as const, text: srs } : hint;
  if (chosen) {
    const resolved = resolveCrs(chosen.text);
    if (!resolved) {
      const part = chosen.origin === 'srs' ? 'srs=' : FROM[chosen.origin];
      throw new ValidationError(`Area import refused: ${part} names a coordinate system this service does not know (${clip(chosen.text)}). Name a known one with srs= (an EPSG code such as EPSG:4549, or wgs84, cgcs2000, gcj02, bd09, webmercator); nothing was written.`, [{ field: chosen.origin === 'srs' ? 'srs' : chosen.origin, problem: `unknown coordinate system: ${clip(chosen.text)}` }]);
    }
    crs = resolved;
    report = { name: crs.name, ...('epsg' in crs && crs.epsg ? { epsg: crs.epsg } : {}), from: chosen.origin };
  } else {
    const guess = box ? guessCrs(box) : { crs: { kind: 'wgs84', name: 'WGS 84', epsg: 4326 } as ResolvedCrs, said: 'no coordinates' };
    if ('refused' in guess) throw new ValidationError(`Area import refused: ${guess.refused}`, [{ field: 'geometry', problem: guess.refused }]);
    crs = guess.crs;
    report = { name: crs.name, ...('epsg' in crs && crs.epsg ? { epsg: crs.epsg } : {}), from: 'guess', note: guess.said };
  }
  if (box && (crs.kind !== 'proj' || crs.geographic)) checkAxisOrder(box, crs, report);
  if (/Xi'an 1980|Beijing 1954/.test(crs.name)) {
    report.note = `${report.note ? `${report.note}; ` : ''}Xi'an 1980 and Beijing 1954 have no shift to WGS 84 that holds across China: their latitudes and longitudes were taken as WGS 84's (PROJ's ballpark), which can be tens of metres off; send CGCS2000 for centimetres`;
  }
  const convert = converter(crs);
  if (convert) for (const f of features) if (f.geometry) mapGeometry(f.geometry as Geo, convert);
  return report;
}

/** Geographic coordinates whose first number cannot be a longitude's partner: refused, or noted. */
function checkAxisOrder(box: CoordinateBox, crs: ResolvedCrs, report: CrsReport): void {
  const lonLatFits = box.minX >= -180 && box.maxX <= 180 && box.minY >= -90 && box.maxY <= 90;
  const latLonFits = box.minX >= -90 && box.maxX <= 90 && box.minY >= -180 && box.maxY <= 180;
  if (!lonLatFits && latLonFits) throw new ValidationError(`Area import refused: ${swappedSentence(box)}`, [{ field: 'geometry', problem: 'latitude written first' }]);
  if (crs.kind === 'wgs84' && crs.latFirst && lonLatFits && latLonFits) {
    report.note = `${report.note ? `${report.note}; ` : ''}the crs member's URN puts latitude first, but the coordinates were read longitude first as GeoJSON writes them (as GDAL does); send them longitude first`;
  }
}

type Convert = (x: number, y: number) => [number, number];
type Geo = { type: string; coordinates?: unknown; geometries?: Geo[] };

function converter(crs: ResolvedCrs): Convert | null {
  if (crs.kind === 'wgs84') return null;
  if (crs.kind === 'gcj02' || crs.kind === 'bd09') {
    const from = crs.kind === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09;
    return (x, y) => gcoord.transform([x, y], from, gcoord.WGS84) as [number, number];
  }
  const p = proj4(crs.proj, 'EPSG:4326');
  return (x, y) => p.forward([x, y]) as [number, number];
}

function mapGeometry(g: Geo, convert: Convert): void {
  if (g.type === 'GeometryCollection') return g.geometries?.forEach((c) => mapGeometry(c, convert));
  const walk = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const [x, y] = convert(c[0], c[1] as number);
      c[0] = x;
      c[1] = y;
      return;
    }
    for (const inner of c) walk(inner);
  };
  walk(g.coordinates);
}

function boxOf(features: Feature[]): CoordinateBox | null {
  const box = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  const walk = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      if (c[0] < box.minX) box.minX = c[0];
      if (c[0] > box.maxX) box.maxX = c[0];
      if (c[1] < box.minY) box.minY = c[1];
      if (c[1] > box.maxY) box.maxY = c[1];
      return;
    }
    for (const inner of c) walk(inner);
  };
  const geo = (g: Geo | null | undefined): void => {
    if (!g) return;
    if (g.type === 'GeometryCollection') g.geometries?.forEach(geo);
    else walk(g.coordinates);
  };
  for (const f of features) geo(f?.geometry as Geo);
  return Number.isFinite(box.minX) ? box : null;
}

const clip = (s: string) => (s.length > 120 ? `${s.slice(0, 117)}…` : s);
