import type { Feature, FeatureCollection } from 'geojson';
import { readAreaFile, type AreaFile } from './read_area_file.ts';
import { toWgs84Features, type CrsReport } from '../domain/crs/to_wgs84_features.ts';

export interface AreasInWgs84 {
  /** The features as a FeatureCollection in WGS84 (what parseAreaFeatures reads). */
  collection: FeatureCollection | unknown;
  format: string;
  crs: CrsReport;
}

/**
 * A file of areas read in whatever format and coordinate system it came in, brought to WGS84:
 * the whole of an import's CPU-heavy part (unzipping, parsing, reprojecting), run in a worker
 * thread by the import route (domain_tasks.ts). `srs` is the caller's word on the coordinate
 * system, over the file's own.
 */
export async function readAreasInWgs84({ file, srs }: { file: AreaFile; srs?: string }): Promise<AreasInWgs84> {
  const source = await readAreaFile(file);
  if (!Array.isArray(source.features)) {
    // Not features at all: parseAreaFeatures says what arrived.
    return { collection: file.json ?? source.features, format: source.format, crs: { name: 'WGS 84', epsg: 4326, from: 'guess' } };
  }
  const crs = toWgs84Features(source.features.filter((f): f is Feature => !!f && typeof f === 'object'), source.crs, srs);
  return { collection: { type: 'FeatureCollection', features: source.features }, format: source.format, crs };
}
