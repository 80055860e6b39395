import { parseArgs } from 'node:util';
import { importAreas } from '../../server/services/import_areas.ts';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readAreasInWgs84 } from '../../server/formats/read_areas_in_wgs84.ts';
import { withDatabase } from './with_database.ts';
import { postFileToServer } from './post_file_to_server.ts';

const flags = ['code-field', 'name-field', 'level-field', 'parent-field', 'kind-field', 'level', 'parent', 'kind', 'code', 'name', 'parent-level', 'mode', 'object', 'url', 'srs'] as const;

export async function importAreasCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...Object.fromEntries(flags.map((f) => [f, { type: 'string' as const }])), 'allow-invalid': { type: 'boolean' } },
  });
  const [file] = positionals;
  if (!file) throw new Error('usage: npm run import -- areas FILE(.zip|.gpkg|.kml|.kmz|.geojson|.geojsonl|.topojson|.dxf) [--srs EPSG:4549] [--code-field F] [--level L] [--parent-level L] …');
  const v = values as Record<string, string | undefined> & { 'allow-invalid'?: boolean };
  if (v.mode && v.mode !== 'insert' && v.mode !== 'upsert') throw new Error(`--mode must be insert or upsert, got "${v.mode}"`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new Error(`${file} cannot be read: ${(err as Error).message}`, { cause: err });
  }
  const started = Date.now();
  let result: unknown;
  if (v.url) {
    // The server reads the file itself: the same readers, the same answer.
    const query = new URLSearchParams(Object.entries(v).filter(([k, x]) => k !== 'url' && typeof x === 'string').map(([k, x]) => [k.replace(/-/g, '_'), x as string]));
    query.set('filename', basename(file));
    if (v['allow-invalid']) query.set('allow_invalid', 'true');
    console.error(`sending ${file} to ${v.url}…`);
    result = await postFileToServer(v.url, `/api/areas/import?${query}`, bytes);
  } else {
    const read = await readAreasInWgs84({ file: { bytes, filename: basename(file), object: v.object }, srs: v.srs });
    const body = read.collection;
    const features = (body as { features?: unknown[] }).features?.length ?? 0;
    console.error(`importing ${features} areas from ${file} (${read.format}, ${read.crs.name}${read.crs.note ? `: ${read.crs.note}` : ''})…`);
    result = await withDatabase((db) =>
      importAreas(db, body, {
        codeField: v['code-field'], nameField: v['name-field'], levelField: v['level-field'], parentField: v['parent-field'],
        kindField: v['kind-field'], level: v.level, parent: v.parent, kind: v.kind, code: v.code, name: v.name,
        parentLevel: v['parent-level'], mode: v.mode as 'insert' | 'upsert' | undefined, allowInvalid: v['allow-invalid'],
      }).then((r) => ({ ...r, format: read.format, crs: read.crs })),
    );
  }
  console.log(JSON.stringify(result));
  console.error(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
