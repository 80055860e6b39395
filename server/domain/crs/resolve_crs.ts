import proj4 from 'proj4';
import { crsDefinition } from './crs_definitions.ts';

/** Where a coordinate system was read from, for messages: `the .prj`, `the crs member`, `srs=`. */
export type CrsOrigin = 'srs' | 'prj' | 'crs member' | 'geopackage' | 'kml' | 'guess';

/** A coordinate system decided: how to bring its coordinates to WGS84 longitude/latitude. */
export type ResolvedCrs =
  | { kind: 'wgs84'; name: string; epsg?: number; latFirst?: boolean }
  | { kind: 'gcj02'; name: string }
  | { kind: 'bd09'; name: string }
  | { kind: 'proj'; name: string; epsg?: number; proj: string; geographic: boolean };

const NAMED: Record<string, ResolvedCrs> = {
  wgs84: { kind: 'wgs84', name: 'WGS 84', epsg: 4326 },
  crs84: { kind: 'wgs84', name: 'WGS 84', epsg: 4326 },
  gcj02: { kind: 'gcj02', name: 'GCJ-02 (火星坐标: Amap, Tencent)' },
  amap: { kind: 'gcj02', name: 'GCJ-02 (火星坐标: Amap, Tencent)' },
  bd09: { kind: 'bd09', name: 'BD-09 (Baidu)' },
  baidu: { kind: 'bd09', name: 'BD-09 (Baidu)' },
  cgcs2000: fromEpsg(4490)!,
  webmercator: fromEpsg(3857)!,
};

function fromEpsg(epsg: number): ResolvedCrs | null {
  if (epsg === 4326) return { kind: 'wgs84', name: 'WGS 84', epsg };
  const d = crsDefinition(epsg);
  if (!d) return null;
  return { kind: 'proj', name: `${d.name} (EPSG:${d.epsg})`, epsg: d.epsg, proj: d.proj, geographic: d.proj.startsWith('+proj=longlat') };
}

/**
 * The coordinate system a piece of text names: a short name (`wgs84`, `cgcs2000`, `gcj02`,
 * `bd09`, `webmercator`), an EPSG code in any of its spellings (`EPSG:4549`,
 * `urn:ogc:def:crs:EPSG::4549`, `http://www.opengis.net/def/crs/EPSG/0/4549`), a PROJ string,
 * or WKT (a .prj): by its EPSG authority, by its name (ESRI's `CGCS2000_3_Degree_GK_CM_117E`,
 * `Xian_1980_3_Degree_GK_Zone_39`), else by its parameters. Null when it names none of these.
 *
 * An authority URN for EPSG:4326 or 4490 (not CRS84) puts latitude first by the letter of the
 * definition; `latFirst` says so, and the reader decides from the numbers (decide_axis_order.ts).
 *
 * @example resolveCrs('EPSG:4549') // { kind: 'proj', name: 'CGCS2000 / 3-degree Gauss-Kruger CM 120E (EPSG:4549)', … }
 */
export function resolveCrs(text: string): ResolvedCrs | null {
  const t = text.trim();
  const key = t.toLowerCase().replace(/[\s_-]+/g, '');
  if (NAMED[key]) return NAMED[key];
  if (/crs84$/i.test(t)) return NAMED.crs84;
  const code = /^(?:epsg:{1,2}|urn:ogc:def:crs:epsg:[\d.]*:|https?:\/\/www\.opengis\.net\/def\/crs\/epsg\/[\d.]+\/)(\d+)$/i.exec(t);
  if (code) {
    const epsg = Number(code[1]);
    const crs = fromEpsg(epsg);
    if (crs && /^urn:/i.test(t) && (epsg === 4326 || epsg === 4490)) return { ...(crs as ResolvedCrs & { kind: 'wgs84' }), latFirst: true } as ResolvedCrs;
    return crs;
  }
  if (t.startsWith('+proj=')) return fromProj(t, 'PROJ string');
  if (/^(PROJCS|GEOGCS|PROJCRS|GEOGCRS|GEODCRS)\[/i.test(t)) return fromWkt(t);
  return null;
}

function fromProj(proj: string, name: string): ResolvedCrs | null {
  try {
    proj4(proj, 'EPSG:4326');
  } catch {
    return null;
  }
  return { kind: 'proj', name, proj, geographic: /\+proj=(longlat|latlong|lonlat)\b/.test(proj) };
}

function fromWkt(wkt: string): ResolvedCrs | null {
  // The top-level authority closes the WKT (WKT1: AUTHORITY["EPSG","4549"]]; WKT2: ID["EPSG",4549]]).
  const authority = /(?:AUTHORITY\["EPSG",\s*"?(\d+)"?\]|ID\["EPSG",\s*(\d+)\])\s*\]\s*$/i.exec(wkt);
  if (authority) {
    const crs = fromEpsg(Number(authority[1] ?? authority[2]));
    if (crs) return crs;
  }
  const name = /^\w+\["([^"]*)"/.exec(wkt)?.[1] ?? '';
  const byName = chineseGridByName(name) ?? otherByName(name);
  if (byName) return byName;
  try {
    const proj = proj4.Proj(wkt);
    if (!proj || !(proj as { projName?: string }).projName) return null;
    const geographic = (proj as { projName?: string }).projName === 'longlat';
    return { kind: 'proj', name: name || 'the WKT', proj: wkt, geographic };
  } catch {
    return null;
  }
}

/** Gauss-Krüger systems by name, however ESRI, EPSG or a Chinese GIS spells them. */
function chineseGridByName(name: string): ResolvedCrs | null {
  const n = name.toLowerCase().replace(/[^a-z0-9]+/g, ' ');
  const datum = /cgcs ?2000|china geodetic coordinate system 2000/.test(n) ? 'CGCS2000' : /xi ?an ?1980|xian 80/.test(n) ? "Xi'an 1980" : /beijing ?1954|beijing 54/.test(n) ? 'Beijing 1954' : null;
  if (!datum) return null;
  const gk = /(gk|gauss kruger|gauss)/.test(n);
  if (!gk) {
    return /^gcs|geographic|^cgcs ?2000$|^xian 1980$|^beijing 1954$/.test(n.trim()) ? fromEpsg({ CGCS2000: 4490, "Xi'an 1980": 4610, 'Beijing 1954': 4214 }[datum]) : null;
  }
  const three = /\b3 ?degree|\b3 ?deg\b/.test(n);
  const zone = /zone ?(\d+)/.exec(n);
  const cm = /cm ?(\d+) ?e?\b/.exec(n);
  const base = { CGCS2000: [4491, 4502, 4513, 4534], "Xi'an 1980": [2327, 2338, 2349, 2370], 'Beijing 1954': [21413, 21453, 2401, 2422] }[datum];
  if (zone) {
    const z = Number(zone[1]);
    if (three && z >= 25 && z <= 45) return fromEpsg(base[2] + z - 25);
    if (!three && z >= 13 && z <= 23) return fromEpsg(base[0] + z - 13);
  }
  if (cm) {
    const lon = Number(cm[1]);
    if (three && lon % 3 === 0 && lon >= 75 && lon <= 135) return fromEpsg(base[3] + lon / 3 - 25);
    if (!three && (lon + 3) % 6 === 0 && lon >= 75 && lon <= 135) return fromEpsg(base[1] + (lon + 3) / 6 - 13);
  }
  return null;
}

function otherByName(name: string): ResolvedCrs | null {
  const n = name.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  if (/^(gcs )?wgs ?(19)?84$/.test(n)) return fromEpsg(4326);
  if (/web mercator|pseudo mercator/.test(n)) return fromEpsg(3857);
  const utm = /^wgs ?(19)?84 utm zone (\d+) ?([ns])$/.exec(n);
  if (utm) return fromEpsg((utm[3] === 'n' ? 32600 : 32700) + Number(utm[2]));
  return null;
}
