import { ValidationError } from '../errors.ts';
import type { Feature } from 'geojson';
import type { CrsHint } from '../domain/crs/to_wgs84_features.ts';

/**
 * What every area reader gives back: the file's features as GeoJSON, with coordinates still in
 * the file's own system, and what the file says that system is (null: it says nothing).
 */
export interface SourceFeatures {
  /** `shapefile`, `geopackage`, `kml`, `kmz`, `geojson`, `geojson-seq`, `topojson`, `dxf`. */
  format: string;
  features: Feature[];
  crs: CrsHint | null;
}

/** The 400 for a file the reader cannot take, naming the part of it (`town.dbf`, `layer grids`, `feature 3`). */
export function refuseFile(part: string, problem: string): ValidationError {
  return new ValidationError(`Area import refused: ${part}: ${problem}. Nothing was written.`, [{ field: part, problem }]);
}
