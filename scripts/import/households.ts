import { importPointsCommand } from './import_points_command.ts';

/** npm run import -- households FILE.csv|FILE.geojson [options]: see import_points_command.ts. */
export const importHouseholdsCommand = (args: string[]) => importPointsCommand('household', args);
