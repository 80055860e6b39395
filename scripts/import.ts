/**
 * npm run import -- KIND FILE [options]
 *
 * Imports a file into Gridwork, straight into the configured database (DATABASE_URL, or the
 * embedded one when no server holds it) or through a running server with --url. Kinds:
 *   areas FILE (.zip Shapefile, .gpkg, .kml/.kmz, .geojson, .geojsonl, .topojson, .dxf) [--srs CRS] [--code-field F] [--name-field F] [--level-field F]
 *         [--parent-field F] [--kind-field F] [--level L] [--parent CODE] [--kind K]
 *         [--code C] [--name N] [--parent-level L] [--mode insert|upsert] [--allow-invalid]
 *         [--object NAME]
 *   households|facilities FILE.csv|FILE.geojson [--crs wgs84|cgcs2000|gcj02|bd09] [--region CODE]
 *         [--on-error refuse|skip] [--id-field F] [--lon-field F] [--lat-field F] … (a progress bar)
 */
import { importAreasCommand } from './import/areas.ts';
import { importHouseholdsCommand } from './import/households.ts';
import { importFacilitiesCommand } from './import/facilities.ts';

const commands: Record<string, (args: string[]) => Promise<void>> = { areas: importAreasCommand, households: importHouseholdsCommand, facilities: importFacilitiesCommand };

const [kind, ...args] = process.argv.slice(2);
const command = commands[kind];
if (!command) {
  console.error(`usage: npm run import -- ${Object.keys(commands).join('|')} FILE [options]${kind ? ` (unknown kind "${kind}")` : ''}`);
  process.exit(2);
}
command(args).catch((err) => {
  console.error(err?.message ?? err);
  for (const p of err?.problems?.slice(0, 20) ?? []) console.error(`  feature ${p.index ?? '-'}${p.code ? ` (${p.code})` : ''}${p.field ? ` ${p.field}` : ''}: ${p.problem}`);
  if (err?.problems?.length > 20) console.error(`  … and ${err.problems.length - 20} more`);
  process.exit(1);
});
