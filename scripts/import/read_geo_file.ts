import { readFileSync } from 'node:fs';
import { isTopology, readTopojson } from '../../server/domain/read_topojson.ts';

/** A GeoJSON or TopoJSON file as a GeoJSON FeatureCollection. */
export function readGeoFile(file: string, topojsonObject?: string): unknown {
  let body: unknown;
  try {
    body = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file} is not a JSON file: ${(err as Error).message}`, { cause: err });
  }
  return isTopology(body) ? readTopojson(body, topojsonObject) : body;
}
