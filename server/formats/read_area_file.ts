import { ValidationError } from '../errors.ts';
import { unzipWithinLimits } from './unzip_within_limits.ts';
import { readShapefile } from './read_shapefile.ts';
import { isSqlite, readGeopackage } from './read_geopackage.ts';
import { readKml, readKmz } from './read_kml.ts';
import { readDxf } from './read_dxf.ts';
import { readGeojson, readGeojsonSeq } from './read_geojson.ts';
import { refuseFile, type SourceFeatures } from './source_features.ts';
import { decodeText } from '../domain/decode_text.ts';

/** A file of areas as it arrived: its bytes, or JSON the HTTP layer already parsed. */
export interface AreaFile {
  bytes?: Uint8Array;
  json?: unknown;
  /** The media type it was sent as, when any (a hint; the bytes decide). */
  contentType?: string;
  /** Its file name, when known (a hint; the bytes decide). */
  filename?: string;
  /** The layer to read: a TopoJSON object or a GeoPackage table. */
  object?: string;
}

/** What a name or media type says a file is, to name it in messages when the bytes disagree. */
function declaredFormat(file: AreaFile): string | null {
  const n = file.filename?.toLowerCase() ?? '';
  const t = file.contentType?.toLowerCase() ?? '';
  if (n.endsWith('.gpkg') || t.includes('geopackage')) return 'GeoPackage';
  if (n.endsWith('.shp')) return 'a bare .shp';
  return null;
}

/**
 * Reads a file of areas in any format this service takes, told from its bytes (as GDAL's drivers
 * each answer "is this mine?"), not its name: a zip (a Shapefile's parts, or a KMZ), SQLite (a
 * GeoPackage), XML (KML), JSON (GeoJSON with its crs member, TopoJSON), GeoJSON Text Sequences,
 * or DXF text. The name and media type only sharpen a refusal ("named .gpkg but not SQLite").
 *
 * @example await readAreaFile({ bytes: zipBytes, filename: 'grids.zip' }) // { format: 'shapefile', features, crs: { origin: 'prj', … } }
 */
export async function readAreaFile(file: AreaFile): Promise<SourceFeatures> {
  if (file.json !== undefined) return readGeojson(file.json, file.object);
  const bytes = file.bytes;
  if (!bytes || bytes.length === 0) throw new ValidationError('Area import refused: the body is empty: send a file of areas. Nothing was written.', [{ field: 'body', problem: 'empty' }]);
  const declared = declaredFormat(file);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5)) {
    const isKmz = file.filename?.toLowerCase().endsWith('.kmz') || file.contentType?.includes('kmz');
    const files = unzipWithinLimits(bytes, isKmz ? 'the KMZ' : 'the zip');
    const names = Object.keys(files);
    if (!names.some((n) => /\.shp$/i.test(n)) && names.some((n) => /\.kml$/i.test(n))) return readKmz(files);
    const gpkg = names.filter((n) => /\.gpkg$/i.test(n));
    if (!names.some((n) => /\.shp$/i.test(n)) && gpkg.length === 1) return readGeopackage(files[gpkg[0]], file.object);
    return readShapefile(files);
  }
  if (isSqlite(bytes)) return readGeopackage(bytes, file.object);
  if (declared === 'GeoPackage') return readGeopackage(bytes, file.object); // refused there, naming its first bytes
  if (declared === 'a bare .shp') throw refuseFile('the .shp', 'came alone: send the Shapefile as a .zip holding its .shp, .shx, .dbf, .prj (and .cpg)');
  const decoded = decodeText(bytes, /charset=([^;]+)/i.exec(file.contentType ?? '')?.[1]);
  if ('problem' in decoded) throw new ValidationError(`Area import refused: ${decoded.message} Nothing was written.`, [decoded.problem]);
  const text = decoded.text;
  const head = text.slice(0, 2048).trimStart();
  if (head.startsWith('\x1e')) return readGeojsonSeq(text);
  if (head.startsWith('<')) return readKml(text);
  if (head.startsWith('{') || head.startsWith('[')) {
    try {
      return readGeojson(JSON.parse(text), file.object);
    } catch (err) {
      if (err instanceof ValidationError) throw err;
      // More than one JSON value, one a line: newline-delimited GeoJSON.
      if (/\}\s*\r?\n\s*\{/.test(text)) return readGeojsonSeq(text);
      throw refuseFile('the JSON', `cannot be parsed (${(err as Error).message})`);
    }
  }
  if (/^(0\s*\r?\n\s*SECTION|999\s*\r?\n)/.test(head)) return readDxf(text);
  if (head.startsWith('AutoCAD Binary DXF')) throw refuseFile('the DXF', 'is a binary DXF: save it as ASCII DXF');
  throw refuseFile('the body', `is in no format this service reads (its first characters are ${JSON.stringify(head.slice(0, 24))}); send a Shapefile (.zip), GeoPackage, KML/KMZ, GeoJSON (or a text sequence), TopoJSON or DXF`);
}
