import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { importPoints } from '../../server/services/import_points.ts';
import type { PointKind } from '../../server/domain/parse_point_rows.ts';
import { withDatabase } from './with_database.ts';

const FIELDS = ['id', 'lon', 'lat', 'address', 'people', 'floating', 'flags', 'name', 'category', 'head-name', 'phone'] as const;

/**
 * npm run import -- households|facilities FILE.csv|FILE.geojson [--crs wgs84|cgcs2000|gcj02|bd09]
 *   [--region CODE] [--on-error refuse|skip] [--near-edge-m 5] [--id-field F] [--lon-field F]
 *   [--lat-field F] [--address-field F] [--people-field F] … [--url http://host:port]
 *
 * Reads the file, then imports it into the configured database with a progress bar (or posts it
 * to a running server with --url). Bad rows are printed with their row numbers.
 */
export async function importPointsCommand(kind: PointKind, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      crs: { type: 'string' }, region: { type: 'string' }, 'on-error': { type: 'string' }, 'near-edge-m': { type: 'string' }, url: { type: 'string' },
      ...Object.fromEntries(FIELDS.map((f) => [`${f}-field`, { type: 'string' as const }])),
    },
  });
  const v = values as Record<string, string | undefined>;
  const [file] = positionals;
  if (!file) throw new Error(`usage: npm run import -- ${kind === 'household' ? 'households' : 'facilities'} FILE.csv|FILE.geojson [--crs gcj02] [--region CODE] [--on-error skip] [--lon-field F] …`);
  if (v['on-error'] && v['on-error'] !== 'refuse' && v['on-error'] !== 'skip') throw new Error(`--on-error must be refuse or skip, got "${v['on-error']}"`);
  const text = readFileSync(file, 'utf8');
  const isJson = /\.(geo)?json$/i.test(file) || /^\s*\{/.test(text);
  const started = Date.now();
  let result: { written: number; counts: unknown; skipped: { row: number; field?: string; problem: string }[] };
  try {
    if (v.url) {
      const query = new URLSearchParams(Object.entries(v).filter(([k, x]) => k !== 'url' && x !== undefined).map(([k, x]) => [k.replace(/-/g, '_'), x as string]));
      const res = await fetch(new URL(`/api/${kind === 'household' ? 'households' : 'facilities'}/import?${query}`, v.url), {
        method: 'POST', headers: { 'content-type': isJson ? 'application/json' : 'text/csv' }, body: text,
      });
      const answer = await res.json().catch(() => ({ message: res.statusText }));
      if (!res.ok) throw Object.assign(new Error(`${res.status}: ${answer.message}`), { problems: answer.problems });
      result = answer;
    } else {
      const bar = new cliProgress.SingleBar({ format: `${kind}s {bar} {percentage}% | {value}/{total} written | {duration}s`, hideCursor: true }, cliProgress.Presets.shades_classic);
      let started = false;
      result = await withDatabase((db) =>
        importPoints(db, kind, isJson ? { geojson: JSON.parse(text) } : { csv: text }, {
          crs: v.crs, region: v.region, onError: v['on-error'] as 'refuse' | 'skip' | undefined,
          nearEdgeM: v['near-edge-m'] === undefined ? undefined : Number(v['near-edge-m']),
          mapping: Object.fromEntries(FIELDS.map((f) => [f.replace('-', '_'), v[`${f}-field`]])),
          onProgress: (done, total) => {
            if (!started) bar.start(total, 0);
            started = true;
            bar.update(done);
          },
        }),
      ).finally(() => bar.stop());
    }
  } catch (err) {
    const problems = (err as { problems?: { row?: number; field?: string; problem: string }[] }).problems ?? [];
    for (const p of problems.slice(0, 20)) console.error(`  ${p.row === undefined ? '' : `row ${p.row}`}${p.field ? ` ${p.field}` : ''}: ${p.problem}`);
    if (problems.length > 20) console.error(`  … and ${problems.length - 20} more`);
    throw new Error((err as Error).message, { cause: err });
  }
  for (const p of result.skipped.slice(0, 20)) console.error(`  skipped row ${p.row}${p.field ? ` ${p.field}` : ''}: ${p.problem}`);
  console.log(JSON.stringify({ written: result.written, counts: result.counts, skipped: result.skipped.length }));
  console.error(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
