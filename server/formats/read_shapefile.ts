import { read } from 'shapefile';
import type { Feature } from 'geojson';
import { decodeText, firstInvalidUtf8 } from '../domain/decode_text.ts';
import { refuseFile as refuse, type SourceFeatures } from './source_features.ts';

/**
 * A zipped Shapefile's polygons: the one .shp in the archive with its .dbf (attributes), .prj
 * (coordinate system) and .cpg (the .dbf's encoding). Without a .cpg, the .dbf's language
 * driver byte is read (0x4D, 0x7A: GBK), and failing that its text is tried as UTF-8, then as
 * GBK/GB18030 Chinese text (ArcGIS in China writes GBK .dbf files with no .cpg).
 */
export async function readShapefile(files: Record<string, Uint8Array>): Promise<SourceFeatures> {
  const names = Object.keys(files);
  const shps = names.filter((n) => /\.shp$/i.test(n) && !n.split('/').some((p) => p.startsWith('__MACOSX') || p.startsWith('._')));
  if (shps.length === 0) throw refuse('.shp', `the zip holds no .shp file (it holds ${names.slice(0, 8).join(', ') || 'nothing'}): zip the .shp with its .shx, .dbf, .prj and .cpg`);
  if (shps.length > 1) throw refuse('.shp', `the zip holds ${shps.length} .shp files (${shps.slice(0, 5).join(', ')}): send one layer a file`);
  const stem = shps[0].slice(0, -4);
  const part = (ext: string) => names.find((n) => n.slice(0, -ext.length).toLowerCase() === stem.toLowerCase() && n.toLowerCase().endsWith(ext));
  const dbfName = part('.dbf');
  const prjName = part('.prj');
  const cpgName = part('.cpg');
  const dbf = dbfName ? files[dbfName] : undefined;
  const encoding = dbf ? dbfEncoding(dbf, cpgName ? new TextDecoder().decode(files[cpgName]) : undefined, dbfName!) : undefined;
  let collection;
  try {
    collection = await read(toArrayBuffer(files[shps[0]]), dbf ? toArrayBuffer(dbf) : undefined, encoding ? { encoding } : undefined);
  } catch (err) {
    throw refuse(shps[0], `cannot be read as a Shapefile (${(err as Error).message})`);
  }
  return {
    format: 'shapefile',
    features: collection.features as Feature[],
    crs: prjName ? { origin: 'prj', text: new TextDecoder().decode(files[prjName]).trim() } : null,
  };
}

/** The .dbf's text encoding, for TextDecoder. */
function dbfEncoding(dbf: Uint8Array, cpg: string | undefined, name: string): string {
  if (cpg !== undefined) {
    const c = cpg.trim().toLowerCase().replace(/^ansi\s*/, '');
    if (/^(utf-?8|65001)$/.test(c)) return 'utf-8';
    if (/^(gbk|gb2312|gb18030|936|cp936)$/.test(c)) return 'gb18030';
    if (/^(big5|950)$/.test(c)) return 'big5';
    if (/^(1252|iso-?8859-?1|latin1)$/.test(c)) return 'windows-1252';
    throw refuse(name.replace(/\.dbf$/i, '.cpg'), `names the encoding "${cpg.trim()}", which this service does not read (UTF-8, GBK/GB18030, Big5, Latin-1)`);
  }
  const ldid = dbf[29];
  if (ldid === 0x4d || ldid === 0x7a) return 'gb18030';
  const headerLength = dbf[8] | (dbf[9] << 8);
  const records = dbf.subarray(headerLength);
  // Field names are ASCII in every writer: the records tell the encoding.
  if (firstInvalidUtf8(records) < 0 && firstInvalidUtf8(dbf.subarray(32, headerLength)) < 0) return 'utf-8';
  const decoded = decodeText(records, undefined);
  if ('encoding' in decoded && decoded.encoding === 'gb18030') return 'gb18030';
  throw refuse(name, 'holds text that is neither UTF-8 nor Chinese in GBK: add a .cpg file naming its encoding (e.g. a .cpg holding "GBK")');
}

function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
