import Database from 'better-sqlite3';
import type { Feature } from 'geojson';
import { readWkb } from './read_wkb.ts';
import { refuseFile, type SourceFeatures } from './source_features.ts';

const SQLITE_MAGIC = 'SQLite format 3\0';

/** True when the bytes open with SQLite's header: the only thing a GeoPackage can be. */
export function isSqlite(bytes: Uint8Array): boolean {
  return bytes.length >= 100 && new TextDecoder('latin1').decode(bytes.subarray(0, 16)) === SQLITE_MAGIC;
}

/**
 * The features of one table of a GeoPackage (OGC 12-128r18): the one feature table, or the one
 * named by `layer`. Each row's geometry is the standard's blob (a `GP` header with the SRS id and
 * an optional envelope, then WKB); the table's SRS definition (WKT) or its EPSG code is the hint.
 * The database is opened from memory, read-only, and closed before returning.
 */
export function readGeopackage(bytes: Uint8Array, layer?: string): SourceFeatures {
  if (!isSqlite(bytes)) {
    throw refuseFile('the GeoPackage', `is not an SQLite database (a GeoPackage is one; its first bytes are ${JSON.stringify(new TextDecoder('latin1').decode(bytes.subarray(0, 16)).replace(/[^\x20-\x7e]/g, '.'))})`);
  }
  let db: Database.Database;
  try {
    db = new Database(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { readonly: true });
  } catch (err) {
    throw refuseFile('the GeoPackage', `cannot be opened as SQLite (${(err as Error).message})`);
  }
  try {
    let tables: { table_name: string; column_name: string; srs_id: number }[];
    try {
      tables = db.prepare(`select c.table_name, g.column_name, g.srs_id from gpkg_contents c join gpkg_geometry_columns g on g.table_name = c.table_name where c.data_type = 'features' order by c.table_name`).all() as typeof tables;
    } catch {
      throw refuseFile('the GeoPackage', 'is an SQLite database without gpkg_contents and gpkg_geometry_columns: not a GeoPackage');
    }
    if (tables.length === 0) throw refuseFile('the GeoPackage', 'holds no feature table');
    const table = layer ? tables.find((t) => t.table_name === layer) : tables.length === 1 ? tables[0] : undefined;
    if (!table) {
      throw refuseFile('the GeoPackage', `${layer ? `has no feature table "${layer}"` : `holds ${tables.length} feature tables`} (${tables.map((t) => t.table_name).join(', ')}): name one with object=`);
    }
    const srs = db.prepare('select organization, organization_coordsys_id, definition from gpkg_spatial_ref_sys where srs_id = ?').get(table.srs_id) as { organization: string; organization_coordsys_id: number; definition: string } | undefined;
    const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const features: Feature[] = [];
    let index = 0;
    for (const row of db.prepare(`select * from ${ident(table.table_name)}`).iterate() as Iterable<Record<string, unknown>>) {
      const { [table.column_name]: blob, ...properties } = row;
      delete properties.fid;
      let geometry = null;
      if (blob instanceof Uint8Array) {
        try {
          geometry = readWkb(blob.subarray(gpkgHeaderLength(blob)));
        } catch (err) {
          throw refuseFile(`the GeoPackage, table ${table.table_name}, feature ${index}`, `its geometry cannot be read (${(err as Error).message})`);
        }
      }
      features.push({ type: 'Feature', properties, geometry: geometry as Feature['geometry'] });
      index++;
    }
    const crs = !srs || table.srs_id === 0 || table.srs_id === -1 ? null
      : srs.organization?.toUpperCase() === 'EPSG' ? { origin: 'geopackage' as const, text: `EPSG:${srs.organization_coordsys_id}` }
      : { origin: 'geopackage' as const, text: srs.definition };
    return { format: 'geopackage', features, crs };
  } finally {
    db.close();
  }
}

/** The length of a GeoPackage geometry blob's header: 8 bytes and the envelope its flags announce. */
function gpkgHeaderLength(blob: Uint8Array): number {
  if (blob[0] !== 0x47 || blob[1] !== 0x50) throw new Error('no GP magic');
  const envelope = (blob[3] >> 1) & 0x07;
  const doubles = [0, 4, 6, 6, 8][envelope];
  if (doubles === undefined) throw new Error(`envelope code ${envelope} is not in the standard`);
  return 8 + doubles * 8;
}
