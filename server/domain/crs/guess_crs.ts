import { crsDefinition } from './crs_definitions.ts';
import type { ResolvedCrs } from './resolve_crs.ts';

/** The box around a file's coordinates, as they are written (x first). */
export interface CoordinateBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export type CrsGuess = { crs: ResolvedCrs; said: string } | { refused: string };

/**
 * What coordinate system a file that names none is most likely in, from its numbers alone, and
 * the sentence that says what was guessed; or the sentence that says why no guess is safe:
 * - longitudes and latitudes in range: WGS84 (GCJ-02 and BD-09 look the same: name them);
 * - the first number in latitude's range and the second only in longitude's: swapped, refused;
 * - eastings of 13–23 or 25–45 million in one zone: Gauss-Krüger with the zone prefix, read as
 *   CGCS2000 (the national standard since 2008);
 * - eastings under a million: a projected system without its zone (Gauss-Krüger by central
 *   meridian, UTM): which meridian cannot be told, so refused;
 * - anything else inside the Web Mercator square: Web Mercator.
 *
 * @example guessCrs({ minX: 39_400_000, minY: 3_240_000, maxX: 39_420_000, maxY: 3_260_000 })
 *          // CGCS2000 / 3-degree Gauss-Kruger zone 39 (EPSG:4527)
 */
export function guessCrs(box: CoordinateBox): CrsGuess {
  const { minX, minY, maxX, maxY } = box;
  const lonLat = minX >= -180 && maxX <= 180 && minY >= -90 && maxY <= 90;
  if (!lonLat && minX >= -90 && maxX <= 90 && minY >= -180 && maxY <= 180) return { refused: swappedSentence(box) };
  // Numbers this small are degrees, whatever a stray one says: metres of a real area run to
  // thousands. The feature check names the coordinate out of range.
  if (lonLat || Math.max(-minX, maxX) <= 360 && Math.max(-minY, maxY) <= 180) {
    return { crs: { kind: 'wgs84', name: 'WGS 84', epsg: 4326 }, said: 'guessed WGS 84 longitude/latitude from the coordinate ranges (name srs=gcj02 or srs=bd09 when the file was drawn on Amap/Tencent or Baidu maps: their numbers look the same)' };
  }
  const zone = Math.floor(minX / 1e6);
  if (zone === Math.floor(maxX / 1e6) && minY >= 0 && maxY <= 10_000_000) {
    const epsg = zone >= 13 && zone <= 23 ? 4491 + zone - 13 : zone >= 25 && zone <= 45 ? 4513 + zone - 25 : null;
    if (epsg) {
      const d = crsDefinition(epsg)!;
      return {
        crs: { kind: 'proj', name: `${d.name} (EPSG:${epsg})`, epsg, proj: d.proj, geographic: false },
        said: `guessed ${d.name} (EPSG:${epsg}) from the zone number ${zone} in front of the eastings (name srs=EPSG:… if the file is in Xi'an 1980 or Beijing 1954 instead)`,
      };
    }
  }
  if (minX > -1e6 && maxX < 2e6 && minY > -10_000_000 && maxY <= 10_000_000) {
    return { refused: `The coordinates (x ${round(minX)}…${round(maxX)}, y ${round(minY)}…${round(maxY)}) are metres in a projected system without a zone number in front of the eastings (Gauss-Krüger by central meridian, UTM, a state plane): the central meridian cannot be told from them. Name the system with srs=, e.g. srs=EPSG:4549 for CGCS2000 3-degree Gauss-Krüger CM 120E, or send the .prj.` };
  }
  const m = 20_037_508.35;
  if (minX >= -m && maxX <= m && minY >= -m && maxY <= m) {
    return { crs: { kind: 'proj', name: 'WGS 84 / Pseudo-Mercator (EPSG:3857)', epsg: 3857, proj: crsDefinition(3857)!.proj, geographic: false }, said: 'guessed Web Mercator (EPSG:3857) from the coordinate ranges (metres, no zone number); name srs= if that is wrong' };
  }
  return { refused: `The coordinates (x ${round(minX)}…${round(maxX)}, y ${round(minY)}…${round(maxY)}) fit no coordinate system this service can guess. Name it with srs= (an EPSG code, e.g. srs=EPSG:4527) or send the .prj.` };
}

/** The sentence that refuses coordinates written latitude first. */
export function swappedSentence(box: CoordinateBox): string {
  return `The coordinates look like latitude first, longitude second (the first numbers run ${round(box.minX)}…${round(box.maxX)}, the second ${round(box.minY)}…${round(box.maxY)}, beyond any latitude): GeoJSON and this service write longitude first. Swap each pair and send the file again; nothing was written.`;
}

const round = (v: number) => String(Math.round(v * 1000) / 1000);
