/**
 * proj4 definitions of the coordinate systems a Chinese planning office hands over, by EPSG code,
 * written from the rule each family follows rather than copied one by one (they are the strings
 * `projinfo EPSG:n -o PROJ` prints; test/unit/crs_against_proj.test.ts checks them against PROJ).
 *
 * Gauss-Krüger (高斯-克吕格) zones come in two spellings of one projection: with the zone number
 * prefixed to the false easting (zone 39 → x_0 = 39,500,000) and without (x_0 = 500,000, named by
 * the central meridian, "CM 117E"). 6° zone n has its central meridian at 6n − 3; 3° zone n at 3n.
 *
 * Xi'an 1980 and Beijing 1954 have no transformation to WGS84 that holds across China (EPSG
 * publishes Beijing 1954 shifts for a few oil fields only): like PROJ's "ballpark" no-op, their
 * latitudes and longitudes are taken as WGS84's, which puts them tens of metres off, and the
 * import says so; CGCS2000 agrees with WGS84 to centimetres.
 */
interface Datum {
  name: string;
  ellps: string;
  /** First EPSG codes of: 6° zones with prefix (13–23), 6° by CM (75E–135E), 3° with prefix (25–45), 3° by CM (75E–135E). */
  gk: [number, number, number, number];
}

const DATUMS: Datum[] = [
  { name: 'CGCS2000', ellps: 'GRS80', gk: [4491, 4502, 4513, 4534] },
  { name: "Xi'an 1980", ellps: 'IAU76', gk: [2327, 2338, 2349, 2370] },
  { name: 'Beijing 1954', ellps: 'krass', gk: [21413, 21453, 2401, 2422] },
];

export interface CrsDefinition {
  epsg: number;
  name: string;
  proj: string;
}

const tmerc = (ellps: string, lon0: number, x0: number) => `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=1 +x_0=${x0} +y_0=0 +ellps=${ellps} +units=m +no_defs`;

function gaussKruger(): CrsDefinition[] {
  const out: CrsDefinition[] = [];
  for (const d of DATUMS) {
    const [sixZone, sixCm, threeZone, threeCm] = d.gk;
    for (let zone = 13; zone <= 23; zone++) {
      const lon0 = 6 * zone - 3;
      out.push({ epsg: sixZone + zone - 13, name: `${d.name} / Gauss-Kruger zone ${zone}`, proj: tmerc(d.ellps, lon0, zone * 1e6 + 500_000) });
      out.push({ epsg: sixCm + zone - 13, name: `${d.name} / Gauss-Kruger CM ${lon0}E`, proj: tmerc(d.ellps, lon0, 500_000) });
    }
    for (let zone = 25; zone <= 45; zone++) {
      const lon0 = 3 * zone;
      out.push({ epsg: threeZone + zone - 25, name: `${d.name} / 3-degree Gauss-Kruger zone ${zone}`, proj: tmerc(d.ellps, lon0, zone * 1e6 + 500_000) });
      out.push({ epsg: threeCm + zone - 25, name: `${d.name} / 3-degree Gauss-Kruger CM ${lon0}E`, proj: tmerc(d.ellps, lon0, 500_000) });
    }
  }
  return out;
}

function utm(): CrsDefinition[] {
  const out: CrsDefinition[] = [];
  for (let zone = 1; zone <= 60; zone++) {
    out.push({ epsg: 32600 + zone, name: `WGS 84 / UTM zone ${zone}N`, proj: `+proj=utm +zone=${zone} +datum=WGS84 +units=m +no_defs` });
    out.push({ epsg: 32700 + zone, name: `WGS 84 / UTM zone ${zone}S`, proj: `+proj=utm +zone=${zone} +south +datum=WGS84 +units=m +no_defs` });
  }
  return out;
}

const GEOGRAPHIC: CrsDefinition[] = [
  { epsg: 4326, name: 'WGS 84', proj: '+proj=longlat +datum=WGS84 +no_defs' },
  { epsg: 4490, name: 'CGCS2000', proj: '+proj=longlat +ellps=GRS80 +no_defs' },
  { epsg: 4610, name: "Xi'an 1980", proj: '+proj=longlat +ellps=IAU76 +no_defs' },
  { epsg: 4214, name: 'Beijing 1954', proj: '+proj=longlat +ellps=krass +no_defs' },
  { epsg: 3857, name: 'WGS 84 / Pseudo-Mercator', proj: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs' },
  // Massachusetts State Plane (the Cambridge data's own office), for real-data files.
  { epsg: 26986, name: 'NAD83 / Massachusetts Mainland', proj: '+proj=lcc +lat_0=41 +lon_0=-71.5 +lat_1=42.6833333333333 +lat_2=41.7166666666667 +x_0=200000 +y_0=750000 +ellps=GRS80 +units=m +no_defs' },
];

const ALL = new Map<number, CrsDefinition>([...GEOGRAPHIC, ...gaussKruger(), ...utm()].map((d) => [d.epsg, d]));
ALL.set(900913, { ...ALL.get(3857)!, epsg: 3857 });
ALL.set(102100, { ...ALL.get(3857)!, epsg: 3857 });

/** The definition of an EPSG code this service knows, or undefined. */
export function crsDefinition(epsg: number): CrsDefinition | undefined {
  return ALL.get(epsg);
}

/** Every EPSG code known, for listing in messages and tests. */
export function knownEpsgCodes(): number[] {
  return [...new Set([...ALL.values()].map((d) => d.epsg))].sort((a, b) => a - b);
}
