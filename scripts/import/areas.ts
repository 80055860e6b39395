import { parseArgs } from 'node:util';
import { importAreas } from '../../server/services/import_areas.ts';
import { readGeoFile } from './read_geo_file.ts';
import { postToServer, withDatabase } from './with_database.ts';

const flags = ['code-field', 'name-field', 'level-field', 'parent-field', 'kind-field', 'level', 'parent', 'kind', 'code', 'name', 'parent-level', 'mode', 'object', 'url'] as const;

export async function importAreasCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...Object.fromEntries(flags.map((f) => [f, { type: 'string' as const }])), 'allow-invalid': { type: 'boolean' } },
  });
  const [file] = positionals;
  if (!file) throw new Error('usage: npm run import -- areas FILE.geojson [--code-field F] [--level L] [--parent-level L] …');
  const v = values as Record<string, string | undefined> & { 'allow-invalid'?: boolean };
  if (v.mode && v.mode !== 'insert' && v.mode !== 'upsert') throw new Error(`--mode must be insert or upsert, got "${v.mode}"`);
  const body = readGeoFile(file, v.object);
  const started = Date.now();
  const features = (body as { features?: unknown[] }).features?.length ?? 0;
  console.error(`importing ${features} areas from ${file}…`);
  let result: unknown;
  if (v.url) {
    const query = new URLSearchParams(Object.entries(v).filter(([k, x]) => k !== 'url' && k !== 'object' && typeof x === 'string').map(([k, x]) => [k.replace(/-/g, '_'), x as string]));
    if (v['allow-invalid']) query.set('allow_invalid', 'true');
    result = await postToServer(v.url, `/api/areas/import?${query}`, body);
  } else {
    result = await withDatabase((db) =>
      importAreas(db, body, {
        codeField: v['code-field'], nameField: v['name-field'], levelField: v['level-field'], parentField: v['parent-field'],
        kindField: v['kind-field'], level: v.level, parent: v.parent, kind: v.kind, code: v.code, name: v.name,
        parentLevel: v['parent-level'], mode: v.mode as 'insert' | 'upsert' | undefined, allowInvalid: v['allow-invalid'],
      }),
    );
  }
  console.log(JSON.stringify(result));
  console.error(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
