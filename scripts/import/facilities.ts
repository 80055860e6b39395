import { importPointsCommand } from './import_points_command.ts';

/** npm run import -- facilities FILE.csv|FILE.geojson [options]: see import_points_command.ts. */
export const importFacilitiesCommand = (args: string[]) => importPointsCommand('facility', args);
