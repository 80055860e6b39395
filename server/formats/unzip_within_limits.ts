import { unzipSync } from 'fflate';
import { ValidationError } from '../errors.ts';
import { refuseFile } from './source_features.ts';

/** The most a zip may unpack to, in all: a zip bomb is refused before anything is inflated. */
export const MAX_UNPACKED_BYTES = 512 * 1024 * 1024;

/**
 * The files of a zip archive by name, refused with a 400 naming the entry when one's path would
 * leave its folder (`../`, an absolute path, a drive letter) or when the sizes its directory
 * declares add up past `maxBytes`. fflate inflates each entry into a buffer of its declared size,
 * so an entry that lies about its size is cut short, never grown: the cap holds.
 *
 * @example unzipWithinLimits(bytes, 'the Shapefile zip') // { 'town.shp': Uint8Array, … }
 */
export function unzipWithinLimits(bytes: Uint8Array, what: string, maxBytes = MAX_UNPACKED_BYTES): Record<string, Uint8Array> {
  let total = 0;
  const refuse = (entry: string, problem: string) => {
    throw refuseFile(`${what} entry "${entry}"`, problem);
  };
  try {
    return unzipSync(bytes, {
      filter: (file) => {
        const name = file.name.replace(/\\/g, '/');
        if (name.startsWith('/') || /^[a-z]:/i.test(name) || name.split('/').includes('..')) refuse(file.name, 'has a path that leaves the archive\'s folder');
        total += file.originalSize;
        if (total > maxBytes) refuse(file.name, `takes the unpacked size past the limit of ${Math.round(maxBytes / 1048576)} MB (a zip bomb, or a file too large to import at once)`);
        return !name.endsWith('/');
      },
    });
  } catch (err) {
    if (err instanceof ValidationError) throw err;
    throw refuseFile(what, `cannot be unpacked (${(err as Error).message})`);
  }
}
